-- Mobile sessions are bound to their device (devices service); device keys moved there too.
ALTER TABLE sessions ADD COLUMN device_id text;
CREATE INDEX sessions_device ON sessions (device_id) WHERE device_id IS NOT NULL;

-- Devices disabled in the devices service: their sessions end, and tokens bound to them issued until then are refused.
CREATE TABLE device_revocations (
    device_id  text PRIMARY KEY,
    revoked_at timestamptz NOT NULL
);

ALTER TABLE signature_challenges DROP CONSTRAINT signature_challenges_key_id_fkey;
DROP TABLE signature_keys;
