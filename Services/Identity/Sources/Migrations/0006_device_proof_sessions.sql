-- Device proof at login (issue 14 §9): single-use nonces a device signs with its key.
CREATE TABLE login_challenges (
    id         uuid PRIMARY KEY,
    challenge  bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX login_challenges_expiry ON login_challenges (expires_at);

-- The device key a mobile session was proven with: a refresh checks it is still the device's key.
ALTER TABLE sessions ADD COLUMN device_key_id text;
-- Sessions end at an absolute time whatever their refreshes (issue 14 §10); older sessions end 12 h after they began.
ALTER TABLE sessions ADD COLUMN ends_at timestamptz;
UPDATE sessions SET ends_at = created_at + interval '12 hours' WHERE ends_at IS NULL;
ALTER TABLE sessions ALTER COLUMN ends_at SET NOT NULL;

-- Refresh tokens a session has already traded (reuse detection): presenting one again ends the session. The
-- message id of the refresh that traded it lets a retry of that same call through.
CREATE TABLE rotated_refresh_tokens (
    token_hash bytea PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES sessions (id),
    message_id text NOT NULL,
    rotated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rotated_refresh_tokens_session ON rotated_refresh_tokens (session_id);
