-- Counters the framework tests increment; `executions` counts how often a change really ran (not replays).
CREATE TABLE counters (
    name       text PRIMARY KEY,
    value      bigint NOT NULL,
    executions bigint NOT NULL DEFAULT 0
);

-- Which instance started handling which message, committed at once so a test can pick the instance to kill.
CREATE TABLE handling (
    message_id text NOT NULL,
    instance   text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX handling_message ON handling (message_id);
