-- Measurement standards and equipment (计量标准器具与配套设备, seed 003 §4.4): each with its unique identifier
-- (管理编号), its current calibration or verification certificate, its status, intermediate checks (期间核查) and
-- versioned correction factors (修正因子). Independent of migration 0002 (mobile terminals).

CREATE TABLE standards (
    id                uuid PRIMARY KEY,
    -- 管理编号, unique regardless of letter case.
    code              text NOT NULL,
    name              text NOT NULL,
    model             text NOT NULL DEFAULT '',
    serial_number     text NOT NULL DEFAULT '',
    measuring_range   text NOT NULL DEFAULT '',
    accuracy          text NOT NULL DEFAULT '',
    kind              text NOT NULL CHECK (kind IN ('standard', 'equipment')),
    status            text NOT NULL DEFAULT 'in_use' CHECK (status IN ('in_use', 'stopped', 'quarantined', 'retired')),
    status_reason     text NOT NULL DEFAULT '',
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    -- When the standard last entered quarantine (by hand or by a failed intermediate check). Back to in_use needs a
    -- passing check or a new calibration recorded after this instant.
    quarantined_at    timestamptz,
    -- The current certificate (the latest recorded one); all four or none.
    cert_number       text,
    cert_issuer       text,
    cert_issued_on    date,
    cert_valid_until  date,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((cert_number IS NULL) = (cert_issuer IS NULL) AND (cert_number IS NULL) = (cert_issued_on IS NULL)
           AND (cert_number IS NULL) = (cert_valid_until IS NULL)),
    CHECK (cert_valid_until >= cert_issued_on)
);
CREATE UNIQUE INDEX standards_code ON standards (lower(code));
CREATE INDEX standards_valid_until ON standards (cert_valid_until) WHERE cert_valid_until IS NOT NULL;

-- Every certificate ever recorded, the current one included.
CREATE TABLE standard_calibrations (
    id               uuid PRIMARY KEY,
    standard_id      uuid NOT NULL REFERENCES standards (id),
    number           text NOT NULL,
    issuer           text NOT NULL,
    issued_on        date NOT NULL,
    valid_until      date NOT NULL,
    recorded_by      text NOT NULL DEFAULT '',
    recorded_by_name text NOT NULL DEFAULT '',
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_until >= issued_on)
);
CREATE INDEX standard_calibrations_standard ON standard_calibrations (standard_id, recorded_at DESC);

-- 期间核查
CREATE TABLE standard_checks (
    id              uuid PRIMARY KEY,
    standard_id     uuid NOT NULL REFERENCES standards (id),
    checked_on      date NOT NULL,
    result          text NOT NULL CHECK (result IN ('pass', 'fail')),
    note            text NOT NULL DEFAULT '',
    checked_by      text NOT NULL DEFAULT '',
    checked_by_name text NOT NULL DEFAULT '',
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX standard_checks_standard ON standard_checks (standard_id, checked_on DESC);

-- Correction factors: every change is a new version 1, 2, …; no version is ever changed or removed.
CREATE TABLE standard_correction_versions (
    standard_id     uuid NOT NULL REFERENCES standards (id),
    version         integer NOT NULL CHECK (version >= 1),
    reason          text NOT NULL,
    changed_by      text NOT NULL DEFAULT '',
    changed_by_name text NOT NULL DEFAULT '',
    changed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (standard_id, version)
);

CREATE TABLE standard_correction_factors (
    standard_id uuid NOT NULL,
    version     integer NOT NULL,
    position    integer NOT NULL,
    point       text NOT NULL,
    -- Decimal text exactly as entered (e.g. "1.0020"), never a float.
    value       text NOT NULL CHECK (value ~ '^[+-]?[0-9]+(\.[0-9]+)?$'),
    unit        text NOT NULL DEFAULT '',
    PRIMARY KEY (standard_id, version, position),
    FOREIGN KEY (standard_id, version) REFERENCES standard_correction_versions (standard_id, version)
);
