-- The certificates schema: 证书管理（§4.2.4）. Until the certificates feature issue lands it holds only the framework's tables
-- (rpc_outcomes, delivery_attempts, outbox, inbox), which the runtime creates before this file runs.
COMMENT ON SCHEMA certificates IS '证书管理（§4.2.4）';
