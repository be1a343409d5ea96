-- Test setup (seed 000 §4.2.3, §4.3.5–§4.3.8): items with their legal basis, test types, procedures (draft and
-- frozen versions), templates, regulations and numbering.

CREATE TABLE items (
    id         uuid PRIMARY KEY,
    code       text NOT NULL UNIQUE,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- 计量标准考核证书, 授权 or 认可: what allows the lab to work on the item (§4.3.5.3).
CREATE TABLE item_bases (
    item_id        uuid NOT NULL REFERENCES items (id),
    position       integer NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('standard_assessment', 'authorization', 'accreditation')),
    certificate_no text NOT NULL,
    valid_until    date NOT NULL,
    issuer         text NOT NULL DEFAULT '',
    PRIMARY KEY (item_id, position)
);

CREATE TABLE item_types (
    item_id    uuid NOT NULL REFERENCES items (id),
    code       text NOT NULL,
    category   text NOT NULL,
    subtype    text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, code)
);

-- The draft: data items serialized as a metrology.flows.v1.ProcedureVersion (items only), edited freely.
CREATE TABLE procedure_drafts (
    item_id       uuid NOT NULL,
    type_code     text NOT NULL,
    items         bytea NOT NULL,
    revision      integer NOT NULL,
    saved_at      timestamptz NOT NULL DEFAULT now(),
    saved_by_name text NOT NULL DEFAULT '',
    PRIMARY KEY (item_id, type_code),
    FOREIGN KEY (item_id, type_code) REFERENCES item_types (item_id, code)
);

-- Published versions never change: work keeps the version it started with.
CREATE TABLE procedure_versions (
    item_id           uuid NOT NULL,
    type_code         text NOT NULL,
    version           integer NOT NULL,
    items             bytea NOT NULL,
    published_at      timestamptz NOT NULL DEFAULT now(),
    published_by      text NOT NULL,
    published_by_name text NOT NULL,
    note              text NOT NULL DEFAULT '',
    PRIMARY KEY (item_id, type_code, version),
    FOREIGN KEY (item_id, type_code) REFERENCES item_types (item_id, code)
);

CREATE TABLE templates (
    id                uuid PRIMARY KEY,
    item_id           uuid NOT NULL,
    type_code         text NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('raw_record', 'certificate', 'notice')),
    version           integer NOT NULL,
    filename          text NOT NULL,
    format            text NOT NULL,
    size              bigint NOT NULL,
    sha256            text NOT NULL,
    content           bytea NOT NULL,
    procedure_version integer NOT NULL,
    warnings          integer NOT NULL,
    imported_at       timestamptz NOT NULL DEFAULT now(),
    imported_by_name  text NOT NULL,
    UNIQUE (item_id, type_code, kind, version),
    FOREIGN KEY (item_id, type_code) REFERENCES item_types (item_id, code)
);

CREATE TABLE regulations (
    id           uuid PRIMARY KEY,
    code         text NOT NULL UNIQUE,
    title        text NOT NULL,
    effective_on date NOT NULL,
    status       text NOT NULL CHECK (status IN ('current', 'repealed')),
    replaced_by  text NOT NULL DEFAULT '',
    item_codes   text[] NOT NULL DEFAULT '{}',
    filename     text NOT NULL,
    format       text NOT NULL,
    size         bigint NOT NULL,
    sha256       text NOT NULL,
    content      bytea NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX regulations_items ON regulations USING gin (item_codes);

CREATE TABLE numbering_rules (
    item_id      uuid NOT NULL,
    type_code    text NOT NULL,
    target       text NOT NULL CHECK (target IN ('raw_record', 'certificate')),
    prefix       text NOT NULL,
    suffix       text NOT NULL,
    date_pattern text NOT NULL CHECK (date_pattern IN ('none', 'YYYY', 'YYYYMM', 'YYYYMMDD')),
    width        integer NOT NULL CHECK (width BETWEEN 1 AND 12),
    start        bigint NOT NULL CHECK (start >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, type_code, target),
    FOREIGN KEY (item_id, type_code) REFERENCES item_types (item_id, code)
);
-- Two rules may not print the same numbers.
CREATE UNIQUE INDEX numbering_rules_format ON numbering_rules (prefix, suffix, date_pattern, width, target);

-- One counter per rule and date period; its row lock orders concurrent issuers, and it commits with the number.
CREATE TABLE numbering_counters (
    item_id   uuid NOT NULL,
    type_code text NOT NULL,
    target    text NOT NULL,
    period    text NOT NULL,
    next      bigint NOT NULL,
    PRIMARY KEY (item_id, type_code, target, period)
);

-- Every number ever issued; the primary key makes "never twice" a database guarantee.
CREATE TABLE issued_numbers (
    number    text PRIMARY KEY,
    item_id   uuid NOT NULL,
    type_code text NOT NULL,
    target    text NOT NULL,
    period    text NOT NULL,
    sequence  bigint NOT NULL,
    reference text NOT NULL DEFAULT '',
    issued_at timestamptz NOT NULL DEFAULT now(),
    issued_by text NOT NULL,
    UNIQUE (item_id, type_code, target, period, sequence)
);
