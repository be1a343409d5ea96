-- The kind of measurement standard (标准类别) as procedures name what they need (flows StandardNeed.code, e.g.
-- metal_measure): records offers a tester the standards of each kind a procedure needs. Optional: '' when not set.
-- Same shape as a data item code (letters, digits, _; starting with a letter; at most 40), checked by the service.

ALTER TABLE standards ADD COLUMN category text NOT NULL DEFAULT ''
    CHECK (category = '' OR category ~ '^[A-Za-z][A-Za-z0-9_]{0,39}$');
CREATE INDEX standards_category ON standards (category) WHERE category <> '';
