-- "User must change password at next logon" (issue 14 §10): set when an administrator creates the account or resets
-- its password, cleared by the user's own change. Existing accounts keep working as they do (false).
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
