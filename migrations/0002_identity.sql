-- Identity and access: lockout, password history and expiry, MFA, session stages and timeouts,
-- one-time links (invitations, resets), per-tenant settings, and a security event log.

ALTER TABLE users ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
-- Epoch ms until which sign-in is refused; 8640000000000000 means "until an administrator unlocks".
ALTER TABLE users ADD COLUMN locked_until INTEGER;
ALTER TABLE users ADD COLUMN password_changed_at INTEGER;
-- TOTP secret sealed with the tenant key; enrolment completes when mfa_enabled_at is set.
ALTER TABLE users ADD COLUMN mfa_secret_enc BLOB;
ALTER TABLE users ADD COLUMN mfa_enabled_at INTEGER;
-- The last TOTP time step accepted, so a code cannot be replayed.
ALTER TABLE users ADD COLUMN mfa_last_step INTEGER;

-- A session is 'active', or part-way through sign-in: 'mfa' (second factor due), 'password_change'
-- (expired password), 'mfa_enroll' (policy requires MFA, none set up). Only 'active' reaches the product.
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'active';
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;

-- Tenant settings, one JSON document per section ('security' = sign-in policy, 'chat' = chat,
-- privacy and storage controls). A missing row means the section's defaults.
CREATE TABLE settings (
  tenant_id  TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  section    TEXT NOT NULL,
  json       TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT,
  PRIMARY KEY (tenant_id, section)
);

CREATE TABLE password_history (
  tenant_id  TEXT NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  hash       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history (tenant_id, user_id, created_at DESC);

-- Invitation and password-reset links. Only a SHA-256 of the token is stored.
CREATE TABLE one_time_tokens (
  token_hash TEXT PRIMARY KEY,
  tenant_id  TEXT NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (tenant_id, user_id);

CREATE TABLE recovery_codes (
  tenant_id TEXT NOT NULL,
  user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at   INTEGER,
  PRIMARY KEY (user_id, code_hash)
);

-- Security-relevant events (sign-ins, lockouts, account and policy changes). The audit issue
-- builds the tamper-evident trail on top of this.
CREATE TABLE security_events (
  id         TEXT PRIMARY KEY,
  tenant_id  TEXT NOT NULL,
  actor_id   TEXT,
  action     TEXT NOT NULL,
  target_id  TEXT,
  detail     TEXT,
  at         INTEGER NOT NULL
);
CREATE INDEX security_events_tenant ON security_events (tenant_id, at DESC);
