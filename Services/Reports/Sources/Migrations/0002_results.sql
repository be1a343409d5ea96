-- The statistics read model (seed 000 §4.2.5, §4.3.13): one row per task, kept only from records' and certificates'
-- events (records.task.submitted|reviewed|returned, certificates.certificate.issued|voided) through the inbox, never
-- by reading their schemas, and rebuilt by replaying their retained event logs (ReadModelProjector). Saved report
-- definitions per user and the lag checkpoints live here too.

CREATE TABLE results (
    task_id                     uuid PRIMARY KEY,
    raw_record_number           text NOT NULL DEFAULT '',
    commission_number           text NOT NULL DEFAULT '',
    item_id                     text NOT NULL DEFAULT '',
    item_code                   text NOT NULL DEFAULT '',
    item_name                   text NOT NULL DEFAULT '',
    type_code                   text NOT NULL DEFAULT '',
    type_title                  text NOT NULL DEFAULT '',
    procedure_version           integer NOT NULL DEFAULT 0,
    -- records' state of the task (submitted 待核验 | reviewed 待批准 | returned 已退回 | approved) and certificates'
    -- state of its certificate (issued | voided, '' before any); `state` is the one a reader filters on.
    record_state                text NOT NULL DEFAULT '',
    certificate_state           text NOT NULL DEFAULT '',
    state                       text GENERATED ALWAYS AS (CASE WHEN certificate_state <> '' THEN certificate_state ELSE record_state END) STORED,
    customer_id                 text NOT NULL DEFAULT '',
    customer_name               text NOT NULL DEFAULT '',
    customer_address            text NOT NULL DEFAULT '',
    customer_credit_code        text NOT NULL DEFAULT '',
    customer_region_code        text NOT NULL DEFAULT '',
    customer_region_name        text NOT NULL DEFAULT '',
    instrument_id               text NOT NULL DEFAULT '',
    instrument_name             text NOT NULL DEFAULT '',
    instrument_model            text NOT NULL DEFAULT '',
    instrument_serial           text NOT NULL DEFAULT '',
    instrument_manufacturer     text NOT NULL DEFAULT '',
    instrument_manufacture_date date,
    instrument_accuracy_class   text NOT NULL DEFAULT '',
    instrument_range            text NOT NULL DEFAULT '',
    instrument_place            text NOT NULL DEFAULT '',
    instrument_mandatory        boolean NOT NULL DEFAULT false,
    -- trade 贸易结算 | safety 安全防护 | medical 医疗卫生 | environment 环境监测 | '' (not mandatory)
    instrument_use              text NOT NULL DEFAULT '',
    tester_id                   text NOT NULL DEFAULT '',
    tester_name                 text NOT NULL DEFAULT '',
    reviewer_id                 text NOT NULL DEFAULT '',
    reviewer_name               text NOT NULL DEFAULT '',
    approver_id                 text NOT NULL DEFAULT '',
    approver_name               text NOT NULL DEFAULT '',
    test_date                   date,
    submitted_at                timestamptz,
    reviewed_at                 timestamptz,
    approved_at                 timestamptz,
    issued_at                   timestamptz,
    voided_at                   timestamptz,
    certificate_id              uuid,
    certificate_number          text NOT NULL DEFAULT '',
    -- certificate 检定证书 | notice 检定结果通知书
    certificate_kind            text NOT NULL DEFAULT '',
    -- The sealed PDF (the voided copy once voided) in certificates' file store, for the export zip (ReadFile).
    certificate_file_sha256     text NOT NULL DEFAULT '',
    conclusion                  text NOT NULL DEFAULT '',
    -- true when the conclusion passes (no 不合格 in it), null while there is none: what pass rates count.
    passed                      boolean,
    valid_until                 date,
    void_reason                 text NOT NULL DEFAULT '',
    -- The procedure's own data items: item code (table cells as code[point,run]) → the entered value and the computed
    -- ones; numbers as JSON numbers so that ranges compare numerically.
    data                        jsonb NOT NULL DEFAULT '{}',
    -- The producers' order applied to this row, so an older event never overwrites a newer one (events of one
    -- producer may be redelivered late; a rebuild replays records before certificates): records' task revision and
    -- event time, certificates' event time.
    records_revision            integer NOT NULL DEFAULT -1,
    records_event_at            timestamptz,
    certificates_event_at       timestamptz,
    updated_at                  timestamptz NOT NULL DEFAULT now()
);
-- The common filters (§4.2.5.4): item with a date range, conclusion, customer, manufacturer, certificate number, signers.
CREATE INDEX results_item_date ON results (item_id, test_date);
CREATE INDEX results_test_date ON results (test_date);
CREATE INDEX results_issued_at ON results (issued_at);
CREATE INDEX results_conclusion ON results (conclusion);
CREATE INDEX results_state ON results (state);
CREATE INDEX results_customer ON results (customer_id);
CREATE INDEX results_customer_name ON results (customer_name);
CREATE INDEX results_manufacturer ON results (instrument_manufacturer);
CREATE INDEX results_instrument_name ON results (instrument_name);
CREATE INDEX results_certificate_number ON results (certificate_number);
CREATE INDEX results_tester ON results (tester_id);
CREATE INDEX results_type ON results (type_code);
CREATE INDEX results_region ON results (customer_region_code);

-- The procedures' data items seen in `data`, for the field catalogue (ListReportFields): kind number when every value
-- seen so far was a number.
CREATE TABLE data_fields (
    code       text PRIMARY KEY,
    item_codes text[] NOT NULL DEFAULT '{}',
    numeric    boolean NOT NULL DEFAULT true,
    first_seen timestamptz NOT NULL DEFAULT now()
);

-- Saved report definitions (§4.2.5): per user, unique by name; saving the same name again replaces it.
CREATE TABLE saved_reports (
    id         uuid PRIMARY KEY,
    owner_id   text NOT NULL,
    name       text NOT NULL,
    -- metrology.reports.v1.ReportDefinition, serialized.
    definition bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (owner_id, name)
);

-- How far the lag check has read each producer's log: every declared event up to `position` is in the inbox; `pending`
-- is how many declared events after it were not applied yet at `checked_at` (the gauge reports_lag_events).
CREATE TABLE lag_checkpoints (
    producer   text PRIMARY KEY,
    position   bigint NOT NULL DEFAULT 0,
    latest     bigint NOT NULL DEFAULT 0,
    pending    bigint NOT NULL DEFAULT 0,
    checked_at timestamptz NOT NULL DEFAULT now()
);

-- The export spool (ExportStatistics): an .xlsx written once, chunk by chunk as the writer produces it, and read back
-- by offset like certificates' ReadFile, so that neither the service nor the gateway holds the file in memory and any
-- instance can answer the next chunk. Spooled files are dropped an hour after they were written.
CREATE TABLE exports (
    id         uuid PRIMARY KEY,
    owner_id   text NOT NULL,
    filename   text NOT NULL,
    rows       bigint NOT NULL DEFAULT 0,
    size       bigint NOT NULL DEFAULT 0,
    complete   boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE export_chunks (
    export_id uuid NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
    "offset"  bigint NOT NULL,
    content   bytea NOT NULL,
    PRIMARY KEY (export_id, "offset")
);
ALTER TABLE export_chunks ALTER COLUMN content SET STORAGE EXTERNAL;
