-- One role and one schema per service; each role reaches only its own schema, and may append to and read its own
-- audit chain (audit.sql, which must run first). Passwords are set by the operator afterwards
-- (ALTER ROLE … PASSWORD …) from the same secrets the services receive.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
DO $$
DECLARE service text;
BEGIN
  FOREACH service IN ARRAY ARRAY['identity', 'devices', 'flows', 'records', 'certificates', 'reports'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'metrology_' || service) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', 'metrology_' || service);
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE metrology TO %I', 'metrology_' || service);
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', service, 'metrology_' || service);
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', service);
    PERFORM audit.enroll(('metrology_' || service)::name);
  END LOOP;
END $$;
