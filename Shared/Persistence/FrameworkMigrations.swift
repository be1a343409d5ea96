/// Tables every service's schema has, owned by the shared runtime rather than by one service:
/// stored RPC outcomes (idempotency), delivery counts (poison detection), the event outbox and inbox, and the
/// hash-chained audit trail (`AuditTrail`).
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
    ]
}
