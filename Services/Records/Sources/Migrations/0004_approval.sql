-- Approval happens in certificates (§4.3.11): records learns its outcome from certificates' events. A returned
-- approval sends the task back to data entry; an issued certificate closes the task as approved.
ALTER TABLE tasks DROP CONSTRAINT tasks_state_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_state_check CHECK (state IN ('created', 'in_progress', 'submitted', 'returned', 'reviewed', 'approved'));
ALTER TABLE tasks ADD COLUMN certificate_number text NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN approved_at timestamptz;
