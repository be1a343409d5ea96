-- App installs (issue 18): an installed web app cannot read the IMEI; it identifies itself by a random registration
-- key it made at install (base64url of 128 bits), unique per device. Native apps keep the IMEI as their identity.
ALTER TABLE mobile_devices ALTER COLUMN imei DROP NOT NULL;
ALTER TABLE mobile_devices
    ADD COLUMN kind             text NOT NULL DEFAULT 'native' CHECK (kind IN ('native', 'app')),
    ADD COLUMN registration_key text UNIQUE;
ALTER TABLE mobile_devices ADD CONSTRAINT mobile_devices_identity
    CHECK ((kind = 'native' AND imei IS NOT NULL) OR (kind = 'app' AND registration_key IS NOT NULL));
