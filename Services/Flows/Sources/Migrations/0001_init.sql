-- The flows schema: 检测设置（§4.2.3）. Until the flows feature issue lands it holds only the framework's tables
-- (rpc_outcomes, delivery_attempts, outbox, inbox), which the runtime creates before this file runs.
COMMENT ON SCHEMA flows IS '检测设置（§4.2.3）';
