-- Parley schema. Every row that belongs to a tenant carries tenant_id, and every query filters on it.
-- Personal data and message bodies are stored as application-encrypted blobs (AES-256-GCM with a
-- per-tenant data key wrapped by the master key): deleting a tenant's key erases its data,
-- backups included. Columns holding ciphertext end in _enc.

CREATE TABLE tenants (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  -- The widget's public key: identifies the tenant to anonymous visitors; not a secret.
  public_key    TEXT NOT NULL UNIQUE,
  -- JSON array of origins allowed to embed the widget (CSP frame-ancestors).
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  -- The tenant's data key, AES-KW wrapped by the master key (base64url).
  data_key_wrapped TEXT NOT NULL,
  created_at    INTEGER NOT NULL
);

CREATE TABLE departments (
  id         TEXT PRIMARY KEY,
  tenant_id  TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  -- One login per person across Parley: e-mail (lower-cased) is globally unique.
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('site_admin', 'site_manager', 'dept_manager', 'agent')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);
CREATE INDEX users_tenant ON users (tenant_id);

CREATE TABLE user_departments (
  tenant_id     TEXT NOT NULL,
  user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  department_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, department_id)
);
CREATE INDEX user_departments_dept ON user_departments (tenant_id, department_id);

-- Server-side session records: the signed cookie names a row here, so logout and revocation
-- take effect on the next request.
CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  revoked_at   INTEGER
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- One row per ended chat. `storage` says what was kept: 'full' (metadata + encrypted body) or
-- 'metadata' (compliance mode: start/end, agent, wait time only; body and visitor data NULL).
CREATE TABLE transcripts (
  id              TEXT PRIMARY KEY,
  tenant_id       TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  department_id   TEXT NOT NULL,
  storage         TEXT NOT NULL DEFAULT 'full' CHECK (storage IN ('full', 'metadata')),
  visitor_id      TEXT NOT NULL,
  visitor_name_enc  BLOB,
  visitor_email_enc BLOB,
  -- JSON {messages, agents} encrypted; `masked` records whether archive masking ran.
  body_enc        BLOB,
  masked          INTEGER NOT NULL DEFAULT 0,
  message_count   INTEGER NOT NULL DEFAULT 0,
  started_at      INTEGER NOT NULL,
  accepted_at     INTEGER,
  ended_at        INTEGER NOT NULL,
  wait_ms         INTEGER,
  ended_by        TEXT NOT NULL,
  rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
  survey_comment_enc BLOB,
  -- Retention and archival bookkeeping for the data-lifecycle work.
  archived_at     INTEGER,
  purge_after     INTEGER
);
CREATE INDEX transcripts_tenant_ended ON transcripts (tenant_id, ended_at DESC, id);

-- Every agent who took part (transfers make several), for filtering history by agent.
CREATE TABLE transcript_agents (
  tenant_id     TEXT NOT NULL,
  transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
  agent_id      TEXT NOT NULL,
  PRIMARY KEY (transcript_id, agent_id)
);
CREATE INDEX transcript_agents_agent ON transcript_agents (tenant_id, agent_id);

CREATE TABLE offline_messages (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  department_id TEXT NOT NULL,
  name_enc      BLOB NOT NULL,
  email_enc     BLOB NOT NULL,
  message_enc   BLOB NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX offline_messages_tenant ON offline_messages (tenant_id, created_at DESC);
