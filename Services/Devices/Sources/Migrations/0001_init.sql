-- The devices schema: 设备管理（§4.2.6）. Until the devices feature issue lands it holds only the framework's tables
-- (rpc_outcomes, delivery_attempts, outbox, inbox), which the runtime creates before this file runs.
COMMENT ON SCHEMA devices IS '设备管理（§4.2.6）';
