-- Which meanings a person has signed a resource in (`signedMeanings`) is asked at every signature ceremony; without
-- an index it read every challenge ever made (2.1 ms a call after a few thousand ceremonies, found with
-- pg_stat_statements during the certificates benchmark, and growing with the table).
CREATE INDEX signature_challenges_signed ON signature_challenges (user_id, resource) WHERE used_at IS NOT NULL;
