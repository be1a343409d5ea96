-- NumberedBump's fail_once_after_call: the counters whose first attempt already failed (committed at once, outside
-- the write, so the retry finds it and goes on).
CREATE TABLE failed_once (
    name       text PRIMARY KEY,
    failed_at  timestamptz NOT NULL DEFAULT now()
);
