-- The certificate query (§4.3.12.5) orders by issue time unless asked otherwise and is filtered most often by item
-- and state (the console's lists, a watcher waiting for issued or failed certificates): a page read in index order
-- stops after its rows, and a count by item and state reads the index, not every certificate.
CREATE INDEX certificates_created ON certificates (created_at, id);
CREATE INDEX certificates_item_state ON certificates (item_id, state, created_at, id);
