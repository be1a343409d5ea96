/// Tables every service's schema has, owned by the shared runtime rather than by one service:
/// stored RPC outcomes (idempotency), delivery counts (poison detection), the event outbox (with the rows set aside as
/// unreadable since migration 5) and inbox, and the
/// hash-chained audit trail (`AuditTrail`; since migration 4 kept in schema `audit`, out of the service's reach), and,
/// since migration 6, durable processes (`Processes`); since migration 7, the outbox's log positions and the read models'
/// rebuild state (`OutboxPositions`, `ReadModelProjector`); since migration 8, audit entries are submitted and sealed
/// (`AuditTrail.append`, `AuditSealer`).
enum FrameworkMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "messaging",
            sql: """
                CREATE TABLE rpc_outcomes (
                    message_id   text PRIMARY KEY,
                    method       text NOT NULL,
                    request_hash bytea NOT NULL,
                    status_code  integer,
                    status       bytea,
                    payload      bytea,
                    created_at   timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX rpc_outcomes_created_at ON rpc_outcomes (created_at);

                CREATE TABLE delivery_attempts (
                    message_id  text PRIMARY KEY,
                    method      text NOT NULL,
                    deliveries  integer NOT NULL,
                    last_seen   timestamptz NOT NULL DEFAULT now()
                );

                CREATE TABLE outbox (
                    id           bigserial PRIMARY KEY,
                    event_id     text NOT NULL UNIQUE,
                    routing_key  text NOT NULL,
                    envelope     bytea NOT NULL,
                    created_at   timestamptz NOT NULL DEFAULT now(),
                    published_at timestamptz
                );
                CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

                CREATE TABLE inbox (
                    event_id    text NOT NULL,
                    consumer    text NOT NULL,
                    handled_at  timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (event_id, consumer)
                );
                """),
        Migration(
            version: 2, name: "audit_trail",
            sql: """
                -- seq is assigned by AuditTrail under a lock, without gaps, so a removed row shows as a gap as well as
                -- a broken link. occurred_us (microseconds since the epoch) is what the hash covers; timestamptz
                -- round-trips would not be byte-exact.
                CREATE TABLE audit_log (
                    seq          bigint PRIMARY KEY,
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
                    hash         bytea NOT NULL
                );
                CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, seq);
                CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
                CREATE INDEX audit_log_action ON audit_log (action, seq);
                """),
        Migration(
            version: 3, name: "scoped_outcomes",
            sql: """
                -- A stored outcome answers only its own caller (NULL: a row from before) for its own method; a sealed
                -- one holds an AES-GCM box and a keyed digest (see IdempotentWriter, OutcomeSeal).
                ALTER TABLE rpc_outcomes ADD COLUMN caller text;
                ALTER TABLE rpc_outcomes ADD COLUMN sealed boolean NOT NULL DEFAULT false;
                -- Older rows may hold live refresh tokens or ID numbers in the clear, and plain SHA-256 digests of
                -- requests that carried passwords: both go. The writes stay done; a retry of one is answered
                -- IDEMPOTENCY_OUTCOME_EXPIRED instead of running again.
                UPDATE rpc_outcomes SET payload = NULL, request_hash = ''::bytea WHERE caller IS NULL;
                """),
        Migration(
            version: 4, name: "audit_append_only",
            sql: """
                -- The trail moves to schema `audit`, which the database bootstrap creates and this role cannot alter
                -- (deploy/compose/audit.sql); the entries kept here so far are handed over as they are, with their
                -- last one as the chain's anchored head, and the table the service could rewrite goes.
                DO $$
                BEGIN
                    IF NOT EXISTS (
                        SELECT FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = 'audit' AND p.proname = 'adopt' AND has_schema_privilege(n.oid, 'USAGE')
                    ) THEN
                        RAISE EXCEPTION 'schema audit is missing or not granted to %: run the database bootstrap first (deploy/local/lib.sh bootstrap_database, deploy/compose/audit.sql then bootstrap.sql)', session_user;
                    END IF;
                    PERFORM audit.adopt(coalesce((
                        SELECT jsonb_agg(jsonb_build_object(
                            'seq', seq, 'occurred_us', occurred_us, 'actor_id', actor_id, 'actor_name', actor_name, 'action', action,
                            'entity_type', entity_type, 'entity_id', entity_id, 'summary', summary, 'details', details, 'trace_id', trace_id,
                            'prev_hash', encode(prev_hash, 'hex'), 'hash', encode(hash, 'hex')) ORDER BY seq)
                        FROM audit_log), '[]'::jsonb));
                END $$;
                DROP TABLE audit_log;
                """),
        Migration(
            version: 5, name: "outbox_failures",
            sql: """
                -- A row the relay cannot read is set aside with the reason instead of blocking every row after it
                -- (see OutboxRelay); the unpublished index leaves it out.
                ALTER TABLE outbox ADD COLUMN failed_at timestamptz;
                ALTER TABLE outbox ADD COLUMN failure text;
                DROP INDEX outbox_unpublished;
                CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL AND failed_at IS NULL;
                CREATE INDEX inbox_handled_at ON inbox (handled_at);
                """),
        Migration(
            version: 6, name: "processes",
            sql: """
                -- Durable, resumable processes (Processes, ProcessRunner): multi-step work across services, one row each,
                -- started in the transaction of the write that asks for it. step is the next step to run; state what
                -- the previous one left; attempts the runs of the current step; a runner holds it while lease_until is
                -- in the future; last_error says why a step failed (and, with status failed, why the process did).
                CREATE TABLE processes (
                    id           text PRIMARY KEY,
                    kind         text NOT NULL,
                    step         text NOT NULL,
                    state        bytea NOT NULL,
                    status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
                    attempts     integer NOT NULL DEFAULT 0,
                    next_run_at  timestamptz NOT NULL DEFAULT now(),
                    lease_owner  text,
                    lease_until  timestamptz,
                    last_error   text,
                    trace        text,
                    created_at   timestamptz NOT NULL DEFAULT now(),
                    updated_at   timestamptz NOT NULL DEFAULT now(),
                    finished_at  timestamptz
                );
                CREATE INDEX processes_due ON processes (next_run_at) WHERE status = 'running';
                CREATE INDEX processes_unfinished ON processes (kind, status) WHERE status <> 'done';
                """),
        Migration(
            version: 7, name: "event_log_positions",
            sql: """
                -- The event log is paged by position, not id: an id is taken before its transaction commits, so a row
                -- with a lower id can appear after a reader has passed a higher one. The relay gives each row its
                -- position when it marks it published, in publication order, under a lock held until it commits
                -- (OutboxPositions), so positions become visible in increasing order. Rows published before this
                -- migration get theirs in id order (the order the relay published them in).
                ALTER TABLE outbox ADD COLUMN position bigint;
                UPDATE outbox SET position = ordered.n
                    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM outbox
                          WHERE published_at IS NOT NULL AND failed_at IS NULL) AS ordered
                    WHERE outbox.id = ordered.id;
                CREATE UNIQUE INDEX outbox_position ON outbox (position) WHERE position IS NOT NULL;
                -- Read models kept in this schema (ReadModelProjector): rebuilding while a rebuild replays the
                -- producers' logs (producer and position say how far it got, so a rebuild that died resumes there;
                -- reports show it as lag), ready once it is complete.
                CREATE TABLE read_models (
                    name        text PRIMARY KEY,
                    state       text NOT NULL CHECK (state IN ('rebuilding', 'ready')),
                    producer    text,
                    position    bigint NOT NULL DEFAULT 0,
                    rebuilt_at  timestamptz
                );
                """),
        Migration(
            version: 8, name: "audit_pending",
            sql: """
                -- Audit entries are submitted to audit.pending in the writer's transaction and chained by audit.seal
                -- (deploy/compose/audit.sql, issue 16); nothing of this schema changes, but a service whose database
                -- bootstrap predates them would fail on every write, so it refuses to start instead, saying why.
                DO $$
                BEGIN
                    IF NOT EXISTS (
                        SELECT FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = 'audit' AND p.proname IN ('submit', 'seal') AND has_function_privilege(p.oid, 'EXECUTE')
                        HAVING count(*) = 2
                    ) THEN
                        RAISE EXCEPTION 'audit.submit and audit.seal are missing or not granted to %: run the database bootstrap again (deploy/local/lib.sh bootstrap_database, deploy/compose/audit.sql then bootstrap.sql)', session_user;
                    END IF;
                END $$;
                """),
    ]
}
