-- 监管区域 (issue 19): the jurisdiction of a government supervisor, a GB/T 2260 code prefix of 2, 4 or 6 digits.
-- Reports shows a supervisor only mandatory-verification results of customers in it. Empty for everyone else; a
-- supervisor created before this column existed has none and sees nothing in reports until an administrator sets it.
ALTER TABLE users ADD COLUMN supervision_region text NOT NULL DEFAULT ''
    CHECK (supervision_region = '' OR supervision_region ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$');
