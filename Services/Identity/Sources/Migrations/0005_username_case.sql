-- Account names are unique regardless of case: "Admin" must not be a second account beside "admin" (issue 14 §4).
-- A deleted account whose name differs only in case from another is kept for history under a suffixed name; two
-- live accounts that differ only in case need a person to decide, so the migration stops and names them.
UPDATE users u SET username = u.username || '~' || left(u.id::text, 8)
WHERE u.status = 'deleted' AND EXISTS (
    SELECT 1 FROM users o WHERE o.id <> u.id AND lower(o.username) = lower(u.username) AND (o.status <> 'deleted' OR o.id < u.id));

DO $$
DECLARE clash text;
BEGIN
    SELECT string_agg(username, ', ' ORDER BY username) INTO clash FROM users
    WHERE lower(username) IN (SELECT lower(username) FROM users GROUP BY lower(username) HAVING count(*) > 1);
    IF clash IS NOT NULL THEN
        RAISE EXCEPTION 'account names that differ only in case: %; rename all but one before upgrading', clash;
    END IF;
END $$;

CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
