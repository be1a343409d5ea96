-- Approval, certificates, their files and the seal (seed 000 §4.2.4, §4.3.11, §4.3.12). Records are known here only
-- from records.task.reviewed (the whole task as records published it, kept in `approvals.task`).

-- The approval queue (§4.3.11): one row per reviewed task, pending until an approver decides.
CREATE TABLE approvals (
    task_id           uuid PRIMARY KEY,
    state             text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'returned')),
    raw_record_number text NOT NULL,
    item_id           text NOT NULL,
    item_code         text NOT NULL,
    item_name         text NOT NULL,
    type_code         text NOT NULL,
    type_title        text NOT NULL DEFAULT '',
    customer_name     text NOT NULL DEFAULT '',
    instrument_name   text NOT NULL DEFAULT '',
    instrument_model  text NOT NULL DEFAULT '',
    instrument_serial text NOT NULL DEFAULT '',
    conclusion        text NOT NULL DEFAULT '',
    tester_id         text NOT NULL,
    tester_name       text NOT NULL DEFAULT '',
    reviewer_id       text NOT NULL,
    reviewer_name     text NOT NULL DEFAULT '',
    -- The digest the tester and the reviewer signed; the approver signs it too.
    digest            text NOT NULL,
    reviewed_at       timestamptz NOT NULL,
    -- metrology.records.v1.TaskRecorded as published (task and customer).
    recorded          bytea NOT NULL,
    -- Counts the reviews of this task seen here: a task returned and reviewed again comes back as a new round.
    round             integer NOT NULL DEFAULT 1,
    approver_id       text NOT NULL DEFAULT '',
    approver_name     text NOT NULL DEFAULT '',
    decided_at        timestamptz,
    return_reason     text NOT NULL DEFAULT '',
    certificate_id    uuid,
    received_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approvals_queue_time ON approvals (state, reviewed_at, task_id);
CREATE INDEX approvals_queue_name ON approvals (state, instrument_name, task_id);
CREATE INDEX approvals_queue_number ON approvals (state, raw_record_number, task_id);
CREATE INDEX approvals_queue_item ON approvals (state, item_name, task_id);

-- Files kept for good (§4.1.2.2 c 永久备查), addressed by the SHA-256 of their content: a file stored twice is stored
-- once. EXTERNAL storage (uncompressed TOAST) lets ReadFile read a slice without fetching the whole value; PDFs and
-- PNGs are compressed already.
CREATE TABLE files (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    media_type text NOT NULL,
    size       bigint NOT NULL,
    content    bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE files ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE TABLE certificates (
    id                 uuid PRIMARY KEY,
    -- Unique per lab: flows' numbering never issues a number twice, and this index says so again.
    number             text NOT NULL UNIQUE,
    kind               text NOT NULL CHECK (kind IN ('certificate', 'notice')),
    state              text NOT NULL DEFAULT 'issuing' CHECK (state IN ('issuing', 'issued', 'voided', 'failed')),
    task_id            uuid NOT NULL,
    round              integer NOT NULL,
    raw_record_number  text NOT NULL,
    item_id            text NOT NULL,
    item_code          text NOT NULL,
    item_name          text NOT NULL,
    type_code          text NOT NULL,
    type_title         text NOT NULL DEFAULT '',
    customer_name      text NOT NULL DEFAULT '',
    instrument_name    text NOT NULL DEFAULT '',
    instrument_model   text NOT NULL DEFAULT '',
    instrument_serial  text NOT NULL DEFAULT '',
    instrument_manufacturer text NOT NULL DEFAULT '',
    conclusion         text NOT NULL DEFAULT '',
    test_date          text NOT NULL DEFAULT '',
    valid_until        text NOT NULL DEFAULT '',
    tester_name        text NOT NULL DEFAULT '',
    reviewer_name      text NOT NULL DEFAULT '',
    approver_id        text NOT NULL,
    approver_name      text NOT NULL,
    approval_receipt   text NOT NULL,
    -- A receipt approves one certificate.
    approval_receipt_id text NOT NULL UNIQUE,
    approved_at        timestamptz NOT NULL,
    issued_at          timestamptz,
    check_code         text NOT NULL,
    pdf_sha256         text REFERENCES files (sha256),
    raw_record_sha256  text REFERENCES files (sha256),
    voided_pdf_sha256  text REFERENCES files (sha256),
    void_reason        text NOT NULL DEFAULT '',
    voided_by          text NOT NULL DEFAULT '',
    voided_by_name     text NOT NULL DEFAULT '',
    voided_at          timestamptz,
    replaces_id        uuid REFERENCES certificates (id),
    replaced_by_id     uuid REFERENCES certificates (id),
    failure            text NOT NULL DEFAULT '',
    created_at         timestamptz NOT NULL DEFAULT now()
);
-- One certificate per approval round of a task; a re-issue (replaces_id) is the one more a voided certificate allows.
CREATE UNIQUE INDEX certificates_round ON certificates (task_id, round) WHERE replaces_id IS NULL;
CREATE INDEX certificates_issued ON certificates (issued_at DESC, id);
CREATE INDEX certificates_task ON certificates (task_id);
-- A voided certificate is re-issued at most once.
CREATE UNIQUE INDEX certificates_replaces ON certificates (replaces_id) WHERE replaces_id IS NOT NULL;

-- What the issue process fills and prints, stored at approval: the template of the certificate (or notice), the raw
-- record's template, and the three handwritten signatures (roles template, raw_template, sign_tester, sign_reviewer,
-- sign_approver). The process needs no other service.
CREATE TABLE certificate_inputs (
    certificate_id uuid NOT NULL REFERENCES certificates (id),
    role           text NOT NULL,
    sha256         text NOT NULL REFERENCES files (sha256),
    PRIMARY KEY (certificate_id, role)
);

-- The institution's seal: the X.509 certificate and key that sign every PDF. One row is current; earlier ones stay
-- so a certificate's signer can still be named.
CREATE TABLE seals (
    id              uuid PRIMARY KEY,
    certificate_pem text NOT NULL,
    private_key_pem text NOT NULL,
    origin          text NOT NULL CHECK (origin IN ('generated', 'imported')),
    seal_png_sha256 text REFERENCES files (sha256),
    current         boolean NOT NULL DEFAULT true,
    installed_at    timestamptz NOT NULL DEFAULT now(),
    installed_by    text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX seals_current ON seals (current) WHERE current;
