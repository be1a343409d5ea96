-- The customer's name as the task was accepted: the raw record states it and its signed digest covers it, so a
-- later rename of the customer must not change a record (the instrument's name, model and serial number are the
-- commission line's own snapshot already).
ALTER TABLE tasks ADD COLUMN customer_name text NOT NULL DEFAULT '';
UPDATE tasks t SET customer_name = c.name FROM customers c WHERE c.id = t.customer_id;
