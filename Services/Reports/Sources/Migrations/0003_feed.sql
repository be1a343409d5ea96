-- The e-CQS-style feed of mandatory-verification results (强检, seed 002; Docs/feed.md): an append-only, signed,
-- replayable log for provincial platforms, and the consumers allowed to read it.

-- The institution's feed signing keys (Ed25519). The private half is sealed (AES-256-GCM) with a key derived from
-- METROLOGY_REPORTS_DATA_KEY, as identity and certificates seal theirs; the public half is published (ListFeedKeys,
-- GET /v1/feeds/keys) and stays published for as long as entries it signed exist.
CREATE TABLE feed_keys (
    id                 text PRIMARY KEY,
    public_key         bytea NOT NULL,
    private_key_sealed bytea NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    retired_at         timestamptz
);

-- One entry per issued certificate (or result notice) of a mandatory instrument and one correction per void. The
-- sequence is taken under a transaction-scoped advisory lock held until commit (FeedProjection), so sequences become
-- visible in increasing order and a reader that has seen n never later finds a smaller one: a cursor is a sequence.
-- `payload` holds the exact signed bytes; `jws` the compact JWS over them; `entry` the same JSON for SQL.
CREATE TABLE feed_entries (
    sequence       bigint PRIMARY KEY,
    type           text NOT NULL CHECK (type IN ('result', 'correction')),
    certificate_id uuid NOT NULL,
    corrects       bigint REFERENCES feed_entries (sequence),
    region_code    text NOT NULL DEFAULT '',
    key_id         text NOT NULL REFERENCES feed_keys (id),
    payload        bytea NOT NULL,
    jws            text NOT NULL,
    entry          jsonb NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (certificate_id, type)
);
CREATE SEQUENCE feed_sequence OWNED BY feed_entries.sequence;
CREATE INDEX feed_entries_region ON feed_entries (region_code text_pattern_ops, sequence);

-- Provincial platforms: an API key "fc_<client_id>.<secret>" of which only the secret's SHA-256 is kept (the secret is
-- 32 random bytes, so a slow password hash would add nothing), and the GB/T 2260 prefix whose entries they may read.
CREATE TABLE feed_consumers (
    id              uuid PRIMARY KEY,
    client_id       text NOT NULL UNIQUE,
    name            text NOT NULL,
    region_prefix   text NOT NULL,
    secret_sha256   bytea NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL DEFAULT '',
    created_by_name text NOT NULL DEFAULT '',
    disabled_at     timestamptz,
    last_read_at    timestamptz
);

-- How far the AMQP push (exchange feeds.verification-results) has published: one row.
CREATE TABLE feed_push_position (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    sequence bigint NOT NULL DEFAULT 0
);
INSERT INTO feed_push_position DEFAULT VALUES;
