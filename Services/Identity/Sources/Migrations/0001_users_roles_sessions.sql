-- Users, roles and permissions (seed 000 §4.2.2), sessions and the keys that sign access tokens.

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      text NOT NULL UNIQUE,
    display_name  text NOT NULL,
    password_hash text NOT NULL,
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE roles (
    code     text PRIMARY KEY,
    name     text NOT NULL,
    builtin  boolean NOT NULL DEFAULT false,
    disabled boolean NOT NULL DEFAULT false
);

CREATE TABLE role_permissions (
    role_code  text NOT NULL REFERENCES roles (code),
    permission text NOT NULL,
    PRIMARY KEY (role_code, permission)
);

CREATE TABLE user_roles (
    user_id   uuid NOT NULL REFERENCES users (id),
    role_code text NOT NULL REFERENCES roles (code),
    PRIMARY KEY (user_id, role_code)
);

CREATE TABLE sessions (
    id                 uuid PRIMARY KEY,
    user_id            uuid NOT NULL REFERENCES users (id),
    refresh_token_hash bytea NOT NULL UNIQUE,
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz NOT NULL,
    revoked_at         timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Ed25519 keys. Services fetch the public halves (GetSigningKeys) and verify tokens locally.
CREATE TABLE signing_keys (
    id          text PRIMARY KEY,
    algorithm   text NOT NULL,
    private_key bytea NOT NULL,
    public_key  bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);

-- The built-in roles of seed 000 §4.2.2.3.
INSERT INTO roles (code, name, builtin) VALUES
    ('senior_admin',   '高层管理员', true),
    ('system_admin',   '系统管理员', true),
    ('metrologist',    '计量员',     true),
    ('verifier',       '核验员',     true),
    ('approver',       '审批员',     true),
    ('document_admin', '文档管理员', true),
    ('device_admin',   '设备管理员', true),
    ('supervisor',     '政府监督员', true);

INSERT INTO role_permissions (role_code, permission) VALUES
    ('senior_admin', 'records.query'), ('senior_admin', 'certificates.query'), ('senior_admin', 'reports.query'),
    ('senior_admin', 'reports.export'), ('senior_admin', 'devices.query'), ('senior_admin', 'audit.read'),
    ('system_admin', 'users.manage'), ('system_admin', 'roles.manage'), ('system_admin', 'setup.manage'),
    ('system_admin', 'templates.manage'), ('system_admin', 'numbering.manage'), ('system_admin', 'audit.read'),
    ('system_admin', 'devices.query'), ('system_admin', 'devices.manage'),
    ('metrologist', 'records.query'), ('metrologist', 'records.enter'), ('metrologist', 'records.edit'),
    ('verifier', 'records.query'), ('verifier', 'records.review'), ('verifier', 'certificates.query'),
    ('approver', 'certificates.query'), ('approver', 'certificates.approve'), ('approver', 'certificates.void'), ('approver', 'records.query'),
    ('document_admin', 'certificates.query'), ('document_admin', 'certificates.edit'), ('document_admin', 'templates.manage'),
    ('document_admin', 'reports.query'), ('document_admin', 'reports.export'),
    ('device_admin', 'devices.query'), ('device_admin', 'devices.manage'),
    ('supervisor', 'records.query'), ('supervisor', 'certificates.query'), ('supervisor', 'reports.query'), ('supervisor', 'devices.query'),
    ('supervisor', 'audit.read');
