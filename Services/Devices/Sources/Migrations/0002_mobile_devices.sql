-- Mobile terminals (seed 000 §4.2.6, §4.3.4): a device appears as pending at its first login and can do nothing
-- until a device administrator enables it.
CREATE TABLE mobile_devices (
    id                     uuid PRIMARY KEY,
    -- One physical device per IMEI: a second device presenting the same IMEI with another key is refused.
    imei                   text NOT NULL UNIQUE,
    name                   text NOT NULL DEFAULT '',
    model                  text NOT NULL DEFAULT '',
    os                     text NOT NULL DEFAULT '',
    app_version            text NOT NULL DEFAULT '',
    status                 text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'enabled', 'disabled')),
    first_seen             timestamptz NOT NULL DEFAULT now(),
    last_seen              timestamptz NOT NULL DEFAULT now(),
    last_user_id           text NOT NULL DEFAULT '',
    last_username          text NOT NULL DEFAULT '',
    status_changed_by      text NOT NULL DEFAULT '',
    status_changed_by_name text NOT NULL DEFAULT '',
    status_changed_at      timestamptz,
    status_reason          text NOT NULL DEFAULT '',
    status_note            text NOT NULL DEFAULT ''
);
CREATE INDEX mobile_devices_status ON mobile_devices (status, last_seen DESC);

-- ECDSA P-256 keys from the devices' secure hardware. A rotation retires the old key: it verified what it signed
-- before, and signs nothing after.
CREATE TABLE device_keys (
    id            text PRIMARY KEY,
    device_id     uuid NOT NULL REFERENCES mobile_devices (id),
    public_key    bytea NOT NULL,
    fingerprint   text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    retired_at    timestamptz
);
CREATE UNIQUE INDEX device_keys_current ON device_keys (device_id) WHERE retired_at IS NULL;
