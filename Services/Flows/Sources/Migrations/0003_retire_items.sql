-- Items and test types can be retired (已停用) instead of deleted: records made with them keep pointing at them, the
-- pickers no longer offer them, and no new work may start with them. NULL: in use.
ALTER TABLE items ADD COLUMN retired_at timestamptz;
ALTER TABLE items ADD COLUMN retired_reason text NOT NULL DEFAULT '';
ALTER TABLE item_types ADD COLUMN retired_at timestamptz;
