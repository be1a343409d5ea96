-- The records schema: 原始记录（§4.3.9–§4.3.11）. Until the records feature issue lands it holds only the framework's tables
-- (rpc_outcomes, delivery_attempts, outbox, inbox), which the runtime creates before this file runs.
COMMENT ON SCHEMA records IS '原始记录（§4.3.9–§4.3.11）';
