-- Signing keys rotate, and their private halves are kept sealed with the data key (AES-256-GCM) instead of in the
-- clear. retired_at now means the private half was destroyed; the public half stays published, because signature
-- receipts signed with it must verify for as long as the records exist.
ALTER TABLE signing_keys ALTER COLUMN private_key DROP NOT NULL;
ALTER TABLE signing_keys ADD COLUMN private_key_sealed bytea;
