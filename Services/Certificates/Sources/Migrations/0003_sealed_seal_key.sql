-- The seal's private key is kept encrypted with a key derived from METROLOGY_CERTIFICATES_DATA_KEY (AES-256-GCM),
-- never in the clear: a dump of this schema alone cannot sign certificates. Rows written before this migration keep
-- their PEM until the service starts with its data key and seals them (SealKeeper.ensureExists).
ALTER TABLE seals ADD COLUMN private_key_sealed bytea;
ALTER TABLE seals ALTER COLUMN private_key_pem DROP NOT NULL;
ALTER TABLE seals ADD CONSTRAINT seals_key_present CHECK (private_key_sealed IS NOT NULL OR private_key_pem IS NOT NULL);
