-- Customers, their instrument ledgers, commissions, tasks and raw records (seed 000 §4.3.9–§4.3.10, seed 002
-- ledgers and appointments). Instruments and items are copied onto commission lines and tasks as they were when
-- written: a record shows what was verified, whatever the ledger says later.

-- 委托单位 / 送检单位.
CREATE TABLE customers (
    id             uuid PRIMARY KEY,
    name           text NOT NULL,
    -- GB 32100 unified social credit code, checked before it is written; '' for a private person.
    uscc           text NOT NULL DEFAULT '',
    address        text NOT NULL DEFAULT '',
    contact_person text NOT NULL DEFAULT '',
    contact_phone  text NOT NULL DEFAULT '',
    region_code    text NOT NULL DEFAULT '' CHECK (region_code = '' OR region_code ~ '^[0-9]{6}$'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_uscc ON customers (uscc) WHERE uscc <> '';
CREATE INDEX customers_name ON customers (name, id);

-- 计量器具台账.
CREATE TABLE instruments (
    id               uuid PRIMARY KEY,
    customer_id      uuid NOT NULL REFERENCES customers (id),
    name             text NOT NULL,
    model            text NOT NULL DEFAULT '',
    serial_number    text NOT NULL DEFAULT '',
    manufacturer     text NOT NULL DEFAULT '',
    manufacture_date date,
    accuracy_class   text NOT NULL DEFAULT '',
    measuring_range  text NOT NULL DEFAULT '',
    place_of_use     text NOT NULL DEFAULT '',
    mandatory        boolean NOT NULL DEFAULT false,
    mandatory_use    text NOT NULL DEFAULT '' CHECK (mandatory_use IN ('', 'trade', 'safety', 'medical', 'environment')),
    item_id          text NOT NULL DEFAULT '',
    cycle_months     integer NOT NULL DEFAULT 12 CHECK (cycle_months BETWEEN 1 AND 120),
    last_verified_on date,
    next_due_on      date,
    status           text NOT NULL DEFAULT 'in_use' CHECK (status IN ('in_use', 'stopped', 'scrapped')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- One ledger line per physical instrument of a customer.
    UNIQUE (customer_id, name, model, serial_number)
);
CREATE INDEX instruments_customer ON instruments (customer_id, name, id);
CREATE INDEX instruments_due ON instruments (next_due_on) WHERE status = 'in_use';

-- 委托单; an appointment (预约) is a commission with source 'appointment' until the lab accepts or refuses it.
CREATE TABLE commissions (
    id              uuid PRIMARY KEY,
    number          text NOT NULL UNIQUE,
    customer_id     uuid NOT NULL REFERENCES customers (id),
    source          text NOT NULL CHECK (source IN ('desk', 'appointment')),
    requested_on    date NOT NULL,
    state           text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'accepted', 'refused', 'in_progress', 'done')),
    refusal_reason  text NOT NULL DEFAULT '',
    note            text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL DEFAULT '',
    decided_at      timestamptz,
    decided_by      text NOT NULL DEFAULT '',
    decided_by_name text NOT NULL DEFAULT ''
);
CREATE INDEX commissions_list ON commissions (created_at DESC, id);
CREATE INDEX commissions_customer ON commissions (customer_id, created_at DESC);

-- The day's counter behind commission numbers (WTyyyymmdd-nnnn): one row per day, taken under its row lock.
CREATE TABLE commission_counters (
    day  date PRIMARY KEY,
    last integer NOT NULL
);

CREATE TABLE commission_lines (
    id                       uuid PRIMARY KEY,
    commission_id            uuid NOT NULL REFERENCES commissions (id),
    position                 integer NOT NULL,
    instrument_id            uuid NOT NULL REFERENCES instruments (id),
    instrument_name          text NOT NULL,
    instrument_model         text NOT NULL DEFAULT '',
    instrument_serial_number text NOT NULL DEFAULT '',
    item_id                  text NOT NULL,
    item_code                text NOT NULL DEFAULT '',
    item_name                text NOT NULL DEFAULT '',
    type_code                text NOT NULL,
    type_title               text NOT NULL DEFAULT '',
    tester_id                text NOT NULL DEFAULT '',
    task_id                  uuid,
    UNIQUE (commission_id, position)
);

-- One task per accepted line: the work of verifying one instrument, and its raw record.
CREATE TABLE tasks (
    id                uuid PRIMARY KEY,
    commission_id     uuid NOT NULL REFERENCES commissions (id),
    line_id           uuid NOT NULL UNIQUE REFERENCES commission_lines (id),
    customer_id       uuid NOT NULL REFERENCES customers (id),
    instrument_id     uuid NOT NULL REFERENCES instruments (id),
    item_id           text NOT NULL,
    item_code         text NOT NULL,
    item_name         text NOT NULL,
    type_code         text NOT NULL,
    type_title        text NOT NULL DEFAULT '',
    -- Pinned at creation: the record is entered and computed against this published version only.
    procedure_version integer NOT NULL CHECK (procedure_version > 0),
    raw_record_number text NOT NULL UNIQUE,
    state             text NOT NULL DEFAULT 'created' CHECK (state IN ('created', 'in_progress', 'submitted', 'returned', 'reviewed')),
    tester_id         text NOT NULL DEFAULT '',
    tester_name       text NOT NULL DEFAULT '',
    reviewer_id       text NOT NULL DEFAULT '',
    reviewer_name     text NOT NULL DEFAULT '',
    device_id         text NOT NULL DEFAULT '',
    -- [StandardUsed] as JSON, snapshotted from devices at start.
    standards         jsonb NOT NULL DEFAULT '[]',
    revision          integer NOT NULL DEFAULT 0,
    submitted_digest  text NOT NULL DEFAULT '',
    return_reason     text NOT NULL DEFAULT '',
    test_date         date,
    created_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    submitted_at      timestamptz,
    reviewed_at       timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_tester ON tasks (tester_id, state, created_at DESC, id);
CREATE INDEX tasks_state ON tasks (state, created_at DESC, id);
CREATE INDEX tasks_list ON tasks (created_at DESC, id);

-- The record's entered values, one row per cell (scalar items: point 0, run 0).
CREATE TABLE task_values (
    task_id         uuid NOT NULL REFERENCES tasks (id),
    item_code       text NOT NULL,
    point           integer NOT NULL DEFAULT 0,
    run             integer NOT NULL DEFAULT 0,
    value           text NOT NULL,
    unit            text NOT NULL DEFAULT '',
    captured_at     timestamptz NOT NULL,
    entered_by      text NOT NULL,
    entered_by_name text NOT NULL DEFAULT '',
    device_id       text NOT NULL DEFAULT '',
    -- Re-opened by going back to an earlier step: must be confirmed again in order.
    reopened        boolean NOT NULL DEFAULT false,
    -- The task revision that last wrote this cell (offline conflicts compare against it).
    revision        integer NOT NULL,
    PRIMARY KEY (task_id, item_code, point, run)
);

-- Every change of a value, append-only (no UPDATE or DELETE is ever issued on it).
CREATE TABLE value_history (
    id              bigserial PRIMARY KEY,
    task_id         uuid NOT NULL REFERENCES tasks (id),
    item_code       text NOT NULL,
    point           integer NOT NULL,
    run             integer NOT NULL,
    old_value       text NOT NULL DEFAULT '',
    new_value       text NOT NULL,
    changed_by      text NOT NULL,
    changed_by_name text NOT NULL DEFAULT '',
    changed_at      timestamptz NOT NULL DEFAULT now(),
    reason          text NOT NULL DEFAULT '',
    device_id       text NOT NULL DEFAULT '',
    revision        integer NOT NULL
);
CREATE INDEX value_history_task ON value_history (task_id, id);

-- The computed values, judgements and conclusion as of the task's revision (rewritten with each accepted value).
CREATE TABLE task_computed (
    task_id   uuid NOT NULL REFERENCES tasks (id),
    item_code text NOT NULL,
    point     integer NOT NULL DEFAULT 0,
    run       integer NOT NULL DEFAULT 0,
    kind      text NOT NULL,
    value     text NOT NULL,
    unit      text NOT NULL DEFAULT '',
    type      text NOT NULL DEFAULT 'number',
    PRIMARY KEY (task_id, item_code, point, run)
);

-- Offline captures already applied: a replayed batch applies each client id once.
CREATE TABLE offline_captures (
    task_id   uuid NOT NULL REFERENCES tasks (id),
    client_id text NOT NULL,
    outcome   text NOT NULL,
    reason    text NOT NULL DEFAULT '',
    message   text NOT NULL DEFAULT '',
    revision  integer NOT NULL,
    PRIMARY KEY (task_id, client_id)
);

-- Verified signature receipts bound to a task's digest (检定 by the tester, 核验 by the reviewer).
CREATE TABLE task_signatures (
    id                 bigserial PRIMARY KEY,
    task_id            uuid NOT NULL REFERENCES tasks (id),
    meaning            text NOT NULL CHECK (meaning IN ('verification', 'review')),
    signer_id          text NOT NULL,
    signer_name        text NOT NULL DEFAULT '',
    receipt_id         text NOT NULL UNIQUE,
    receipt            text NOT NULL,
    digest             text NOT NULL,
    signed_at          timestamptz NOT NULL,
    device_id          text NOT NULL DEFAULT '',
    method             text NOT NULL DEFAULT '',
    handwriting_sha256 text NOT NULL DEFAULT '',
    -- A return keeps the signatures that came before it; only the ones of the current round are current.
    superseded         boolean NOT NULL DEFAULT false
);
CREATE INDEX task_signatures_task ON task_signatures (task_id, id);
