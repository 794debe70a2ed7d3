-- Visitors an agent blocked. Visitors are anonymous, so a block is keyed by a per-tenant
-- SHA-256 of their IP address (the address itself is never stored).
CREATE TABLE blocked_visitors (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  ip_hash     TEXT NOT NULL,
  chat_id     TEXT,
  blocked_by  TEXT,
  reason      TEXT,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX blocked_visitors_lookup ON blocked_visitors (tenant_id, ip_hash, expires_at);
