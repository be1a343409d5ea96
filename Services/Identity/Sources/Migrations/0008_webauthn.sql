-- WebAuthn credentials (issue 18): a platform authenticator with user verification, registered per user and device;
-- signing challenges then take an assertion by it instead of the device key's signature.
CREATE TABLE webauthn_credentials (
    -- base64url (no padding) of the raw credential id, as browsers name it.
    id           text PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id),
    device_id    text NOT NULL,
    -- X9.63 of the ES256 (P-256) key from the attested credential data.
    public_key   bytea NOT NULL,
    -- The authenticator's signature counter as last seen; an assertion must exceed it (a clone would not).
    sign_count   bigint NOT NULL DEFAULT 0,
    attestation  text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);
CREATE INDEX webauthn_credentials_user_device ON webauthn_credentials (user_id, device_id);

-- Registration challenges: single use, for one user on one device, short-lived.
CREATE TABLE webauthn_registrations (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id),
    device_id  text NOT NULL,
    challenge  bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX webauthn_registrations_expiry ON webauthn_registrations (expires_at);

-- The credential that verified a signature, when one did.
ALTER TABLE signature_receipts ADD COLUMN credential_id text;
