-- The reports schema: 统计报表（§4.2.5）. Until the reports feature issue lands it holds only the framework's tables
-- (rpc_outcomes, delivery_attempts, outbox, inbox), which the runtime creates before this file runs.
COMMENT ON SCHEMA reports IS '统计报表（§4.2.5）';
