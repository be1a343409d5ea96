-- The services' audit trails, kept where the services that write them cannot rewrite them (run as a superuser,
-- before the per-service roles are enrolled; safe to run again on an existing database).
--
-- Why here and not in the services' migrations: migrations run as the service's own role, and whatever that role
-- owns — or whatever lies in a schema it owns — it can alter, truncate or drop, triggers included. So schema
-- `audit` and everything in it belong to `metrology_audit`, a role nobody logs in as. A service role gets only:
--   audit.append(…)  SECURITY DEFINER: assigns the next position, computes the SHA-256 link (the same bytes as
--                    `AuditHash` in Swift), inserts the entry and moves the chain's head — one statement per append;
--   audit.adopt(…)   once, at framework migration 4: moves the entries the service kept in its own schema before;
--   audit.entries    (view) its own chain's entries, to list and verify;
--   audit.anchor     (view) its own chain's head: the position and hash of the last entry appended;
--   audit.unsealed   (view) its own entries submitted and not yet sealed.
-- A chain is named by the role that logs in (session_user), which a service cannot choose. No UPDATE, DELETE or
-- TRUNCATE is granted on anything. The head is the anchor verification compares with: removing the last entries
-- leaves the head ahead of the table (AUDIT_TRUNCATED), and a rewritten, recomputed chain ends in another hash
-- (AUDIT_HEAD_MISMATCH).
--
-- Appending and chaining are two steps, so that a write's transaction never waits for another's (issue 16):
--   audit.submit(…)  SECURITY DEFINER: one INSERT into audit.pending (an id from a sequence, no hash, no lock);
--                    it commits or rolls back with the write that made it;
--   audit.seal(n)    SECURITY DEFINER, in a short transaction of its own: takes the chain's head lock, takes the
--                    caller's committed pending rows out of audit.pending in id order (DELETE … RETURNING, so a row
--                    is chained once even if two sealers raced), gives each the next position and its SHA-256 link,
--                    and moves the head. Every service instance runs it every ~250 ms (AuditSealer) and before its
--                    trail is listed or verified, so a reader sees every entry whose write committed before it read.
-- A pending row whose transaction commits late (a lower id after a higher one was sealed) is still in
-- audit.pending and is sealed by the next call: seal takes what is there, not what lies above a watermark, so none
-- is skipped; the chain's order is the order of sealing. Until it is sealed an entry is protected by privileges
-- alone (the service may insert through audit.submit, never update or delete), which lasts well under a second.
-- audit.append (the one-step form that holds the head lock to the writer's commit) stays for binaries from before.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'metrology_audit') THEN CREATE ROLE metrology_audit NOLOGIN; END IF;
END $$;
ALTER ROLE metrology_audit NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE SCHEMA IF NOT EXISTS audit AUTHORIZATION metrology_audit;
REVOKE ALL ON SCHEMA audit FROM PUBLIC;

SET ROLE metrology_audit;
ALTER DEFAULT PRIVILEGES FOR ROLE metrology_audit IN SCHEMA audit REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- occurred_us (microseconds since the epoch) is what the hash covers; timestamptz round-trips would not be byte-exact.
CREATE TABLE IF NOT EXISTS audit.log (
    chain        text NOT NULL,
    seq          bigint NOT NULL,
    occurred_us  bigint NOT NULL,
    actor_id     text NOT NULL,
    actor_name   text NOT NULL,
    action       text NOT NULL,
    entity_type  text NOT NULL,
    entity_id    text NOT NULL,
    summary      text NOT NULL,
    details      text NOT NULL,
    trace_id     text NOT NULL,
    prev_hash    bytea NOT NULL,
    hash         bytea NOT NULL,
    PRIMARY KEY (chain, seq)
);
CREATE INDEX IF NOT EXISTS log_entity ON audit.log (chain, entity_type, entity_id, seq);
CREATE INDEX IF NOT EXISTS log_actor ON audit.log (chain, actor_id, seq);
CREATE INDEX IF NOT EXISTS log_action ON audit.log (chain, action, seq);

CREATE TABLE IF NOT EXISTS audit.head (
    chain       text PRIMARY KEY,
    seq         bigint NOT NULL,
    hash        bytea NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Entries submitted and not yet chained (audit.submit, audit.seal). No position, no hash: those are given at sealing.
CREATE TABLE IF NOT EXISTS audit.pending (
    id           bigserial PRIMARY KEY,
    chain        text NOT NULL,
    occurred_us  bigint NOT NULL,
    actor_id     text NOT NULL,
    actor_name   text NOT NULL,
    action       text NOT NULL,
    entity_type  text NOT NULL,
    entity_id    text NOT NULL,
    summary      text NOT NULL,
    details      text NOT NULL,
    trace_id     text NOT NULL
);
CREATE INDEX IF NOT EXISTS pending_chain ON audit.pending (chain, id);

CREATE OR REPLACE VIEW audit.unsealed WITH (security_barrier) AS
    SELECT id, occurred_us, actor_id, actor_name, action, entity_type, entity_id, summary, details, trace_id
    FROM audit.pending WHERE chain = session_user;

CREATE OR REPLACE VIEW audit.entries WITH (security_barrier) AS
    SELECT seq, occurred_us, actor_id, actor_name, action, entity_type, entity_id, summary, details, trace_id, prev_hash, hash
    FROM audit.log WHERE chain = session_user;

CREATE OR REPLACE VIEW audit.anchor WITH (security_barrier) AS
    SELECT seq, hash FROM audit.head WHERE chain = session_user;

-- A field as the hash covers it: its UTF-8 length as 8 big-endian bytes, then the bytes.
-- STABLE, as convert_to is: PostgreSQL inlines a SQL function into its caller only when the function claims no more
-- than its body's functions do. Declared IMMUTABLE it ran as a function call of its own, eight times an entry, and
-- sealing took 3.5 times as long (73-85 ms against 20-24 ms for 1 000 entries, same hashes).
CREATE OR REPLACE FUNCTION audit.field(value text) RETURNS bytea
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS $$ SELECT int8send(octet_length(convert_to(value, 'UTF8'))::bigint) || convert_to(value, 'UTF8') $$;

CREATE OR REPLACE FUNCTION audit.append(
    occurred_us bigint, actor_id text, actor_name text, action text, entity_type text, entity_id text, summary text,
    details text, trace_id text, OUT new_seq bigint, OUT new_prev_hash bytea, OUT new_hash bytea)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    me text := session_user;
BEGIN
    SELECT h.seq, h.hash INTO new_seq, new_prev_hash FROM audit.head h WHERE h.chain = me FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO audit.head (chain, seq, hash) VALUES (me, 0, decode(repeat('00', 32), 'hex')) ON CONFLICT (chain) DO NOTHING;
        SELECT h.seq, h.hash INTO new_seq, new_prev_hash FROM audit.head h WHERE h.chain = me FOR UPDATE;
    END IF;
    new_seq := new_seq + 1;
    new_hash := sha256(new_prev_hash || int8send(new_seq) || int8send(append.occurred_us)
        || audit.field(append.actor_id) || audit.field(append.actor_name) || audit.field(append.action)
        || audit.field(append.entity_type) || audit.field(append.entity_id) || audit.field(append.summary)
        || audit.field(append.details) || audit.field(append.trace_id));
    INSERT INTO audit.log (chain, seq, occurred_us, actor_id, actor_name, action, entity_type, entity_id, summary, details, trace_id, prev_hash, hash)
    VALUES (me, new_seq, append.occurred_us, append.actor_id, append.actor_name, append.action, append.entity_type, append.entity_id,
            append.summary, append.details, append.trace_id, new_prev_hash, new_hash);
    UPDATE audit.head h SET seq = new_seq, hash = new_hash, updated_at = now() WHERE h.chain = me;
END $$;

-- The first step of an append: the entry waits in audit.pending, committed with the caller's write.
CREATE OR REPLACE FUNCTION audit.submit(
    occurred_us bigint, actor_id text, actor_name text, action text, entity_type text, entity_id text, summary text,
    details text, trace_id text) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
    INSERT INTO audit.pending (chain, occurred_us, actor_id, actor_name, action, entity_type, entity_id, summary, details, trace_id)
    VALUES (session_user, submit.occurred_us, submit.actor_id, submit.actor_name, submit.action, submit.entity_type, submit.entity_id,
            submit.summary, submit.details, submit.trace_id)
    RETURNING id
$$;

-- The second step: chains up to max_entries of the caller's committed pending entries, in id order, and returns how
-- many. The head's lock is the only one taken and is held only to the end of this (short) transaction. Read
-- committed only: each statement must see what the sealer before it committed (a snapshot taken before the head
-- lock was granted could hand out a position twice).
CREATE OR REPLACE FUNCTION audit.seal(max_entries integer DEFAULT 1000) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    me text := session_user;
    head_seq bigint;
    head_hash bytea;
    sealed integer := 0;
    e record;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'audit.seal must run in a read committed transaction of its own, not %', current_setting('transaction_isolation');
    END IF;
    -- Nothing to do is the common case: answer it without the lock.
    IF NOT EXISTS (SELECT FROM audit.pending p WHERE p.chain = me) THEN RETURN 0; END IF;
    SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit.head h WHERE h.chain = me FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO audit.head (chain, seq, hash) VALUES (me, 0, decode(repeat('00', 32), 'hex')) ON CONFLICT (chain) DO NOTHING;
        SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit.head h WHERE h.chain = me FOR UPDATE;
    END IF;
    FOR e IN
        WITH taken AS (
            DELETE FROM audit.pending p
            WHERE p.id IN (SELECT q.id FROM audit.pending q WHERE q.chain = me ORDER BY q.id LIMIT max_entries)
            RETURNING p.*)
        SELECT * FROM taken ORDER BY id
    LOOP
        head_seq := head_seq + 1;
        INSERT INTO audit.log (chain, seq, occurred_us, actor_id, actor_name, action, entity_type, entity_id, summary, details, trace_id, prev_hash, hash)
        VALUES (me, head_seq, e.occurred_us, e.actor_id, e.actor_name, e.action, e.entity_type, e.entity_id, e.summary, e.details, e.trace_id,
                head_hash,
                sha256(head_hash || int8send(head_seq) || int8send(e.occurred_us)
                    || audit.field(e.actor_id) || audit.field(e.actor_name) || audit.field(e.action)
                    || audit.field(e.entity_type) || audit.field(e.entity_id) || audit.field(e.summary)
                    || audit.field(e.details) || audit.field(e.trace_id)))
        RETURNING hash INTO head_hash;
        sealed := sealed + 1;
    END LOOP;
    IF sealed > 0 THEN
        UPDATE audit.head h SET seq = head_seq, hash = head_hash, updated_at = now() WHERE h.chain = me;
    END IF;
    RETURN sealed;
END $$;

-- Takes over a trail kept in the service's own schema before (as it was: a broken one still shows as broken), only
-- into an empty chain, and anchors its last entry.
CREATE OR REPLACE FUNCTION audit.adopt(entries jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    me text := session_user;
    adopted bigint;
BEGIN
    IF jsonb_array_length(entries) = 0 THEN RETURN 0; END IF;
    IF EXISTS (SELECT FROM audit.head WHERE chain = me) OR EXISTS (SELECT FROM audit.log WHERE chain = me) THEN
        RAISE EXCEPTION 'audit chain % already has entries; an older trail cannot be adopted into it', me;
    END IF;
    INSERT INTO audit.log (chain, seq, occurred_us, actor_id, actor_name, action, entity_type, entity_id, summary, details, trace_id, prev_hash, hash)
    SELECT me, e.seq, e.occurred_us, e.actor_id, e.actor_name, e.action, e.entity_type, e.entity_id, e.summary, e.details, e.trace_id,
           decode(e.prev_hash, 'hex'), decode(e.hash, 'hex')
    FROM jsonb_to_recordset(entries) AS e(seq bigint, occurred_us bigint, actor_id text, actor_name text, action text, entity_type text,
        entity_id text, summary text, details text, trace_id text, prev_hash text, hash text);
    GET DIAGNOSTICS adopted = ROW_COUNT;
    INSERT INTO audit.head (chain, seq, hash)
    SELECT me, l.seq, l.hash FROM audit.log l WHERE l.chain = me ORDER BY l.seq DESC LIMIT 1;
    RETURN adopted;
END $$;

REVOKE ALL ON FUNCTION audit.append(bigint, text, text, text, text, text, text, text, text), audit.adopt(jsonb),
    audit.submit(bigint, text, text, text, text, text, text, text, text), audit.seal(integer) FROM PUBLIC;

-- What a service role may do; the bootstrap calls it for each role (`SELECT audit.enroll('metrology_identity')`).
CREATE OR REPLACE FUNCTION audit.enroll(role name) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA audit TO %I', role);
    EXECUTE format('GRANT SELECT ON audit.entries, audit.anchor, audit.unsealed TO %I', role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION audit.append(bigint, text, text, text, text, text, text, text, text), audit.adopt(jsonb) TO %I', role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION audit.submit(bigint, text, text, text, text, text, text, text, text), audit.seal(integer) TO %I', role);
END $$;
REVOKE ALL ON FUNCTION audit.enroll(name) FROM PUBLIC;

RESET ROLE;
