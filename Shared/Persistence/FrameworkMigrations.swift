/// Tables every service's schema has, owned by the shared runtime rather than by one service:
/// stored RPC outcomes (idempotency), delivery counts (poison detection), the event outbox and inbox.
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
                """)
    ]
}
