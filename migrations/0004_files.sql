-- Files sent in chats. The content lives in R2 (FILES), sealed with the tenant's data key;
-- this row is what lets a download be authorised (tenant, chat) and lets deletion find the
-- object. Only files that the virus scanner passed are ever recorded.
CREATE TABLE chat_files (
  id             TEXT PRIMARY KEY,
  tenant_id      TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  chat_id        TEXT NOT NULL,
  name_enc       BLOB NOT NULL,
  size           INTEGER NOT NULL,
  sha256         TEXT NOT NULL,
  sender_kind    TEXT NOT NULL CHECK (sender_kind IN ('visitor', 'agent')),
  sender_id      TEXT NOT NULL,
  scanned_at     INTEGER NOT NULL,
  created_at     INTEGER NOT NULL
);
CREATE INDEX chat_files_chat ON chat_files (tenant_id, chat_id);
