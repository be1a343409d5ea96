-- People (seed 000 §4.3.2), qualifications, approved items, lockout, revocation, and the signature ceremony.

ALTER TABLE users
    ADD COLUMN gender             text NOT NULL DEFAULT '',
    ADD COLUMN birth_month        text NOT NULL DEFAULT '',
    -- AES-GCM sealed box (nonce ‖ ciphertext ‖ tag) of the resident ID number; the key is not in the database.
    ADD COLUMN id_number_cipher   bytea,
    -- HMAC-SHA256 of the number: finds duplicates without decrypting.
    ADD COLUMN id_number_index    bytea UNIQUE,
    ADD COLUMN id_number_masked   text NOT NULL DEFAULT '',
    ADD COLUMN education          text NOT NULL DEFAULT '',
    ADD COLUMN professional_title text NOT NULL DEFAULT '',
    ADD COLUMN position           text NOT NULL DEFAULT '',
    ADD COLUMN status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'deleted')),
    ADD COLUMN failed_logins      integer NOT NULL DEFAULT 0,
    ADD COLUMN locked_at          timestamptz,
    -- Tokens issued until then are refused (disable, delete, password reset).
    ADD COLUMN tokens_revoked_at  timestamptz;

UPDATE users SET status = 'disabled' WHERE disabled;
ALTER TABLE users DROP COLUMN disabled;

ALTER TABLE roles
    ADD COLUMN description text NOT NULL DEFAULT '',
    ADD COLUMN created_at  timestamptz NOT NULL DEFAULT now();

-- Built-in roles get the permissions the new catalogue added.
INSERT INTO role_permissions (role_code, permission) VALUES ('system_admin', 'users.reveal_id') ON CONFLICT DO NOTHING;

CREATE TABLE qualifications (
    id             uuid PRIMARY KEY,
    user_id        uuid NOT NULL REFERENCES users (id),
    certificate_no text NOT NULL,
    issued_on      date NOT NULL,
    issuer         text NOT NULL,
    expires_on     date NOT NULL,
    items          text[] NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (expires_on >= issued_on)
);
CREATE INDEX qualifications_user ON qualifications (user_id);

-- 核准开展项目
CREATE TABLE approved_items (
    user_id   uuid NOT NULL REFERENCES users (id),
    item_code text NOT NULL,
    PRIMARY KEY (user_id, item_code)
);

-- ECDSA P-256 keys of mobile devices that sign challenges after a biometric unlock. Registering a new key for a
-- device retires the old one.
CREATE TABLE signature_keys (
    id            text PRIMARY KEY,
    device_id     text NOT NULL,
    public_key    bytea NOT NULL,
    fingerprint   text NOT NULL,
    registered_by uuid NOT NULL REFERENCES users (id),
    registered_at timestamptz NOT NULL DEFAULT now(),
    retired_at    timestamptz
);
CREATE UNIQUE INDEX signature_keys_current ON signature_keys (device_id) WHERE retired_at IS NULL;

CREATE TABLE signature_challenges (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id),
    meaning     text NOT NULL,
    resource    text NOT NULL,
    digest      text NOT NULL,
    device_id   text NOT NULL,
    key_id      text NOT NULL REFERENCES signature_keys (id),
    challenge   bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE TABLE signature_receipts (
    id                 uuid PRIMARY KEY,
    challenge_id       uuid NOT NULL UNIQUE REFERENCES signature_challenges (id),
    user_id            uuid NOT NULL REFERENCES users (id),
    method             text NOT NULL,
    handwriting_png    bytea,
    handwriting_sha256 text NOT NULL DEFAULT '',
    receipt            text NOT NULL,
    signed_at          timestamptz NOT NULL
);
