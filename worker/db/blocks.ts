/** Blocked visitors, keyed by a per-tenant hash of their IP address. */
import { newId } from "../../core/encoding";
import { sha256Hex } from "./accounts";

export const BLOCK_DAYS = 30;

/** A visitor's blocking key: the address salted with the tenant id, so keys mean nothing across tenants. */
export const visitorKey = (tenantId: string, ip: string) => sha256Hex(`${tenantId}:${ip}`);

export async function isBlocked(db: D1Database, tenantId: string, key: string): Promise<boolean> {
  const row = await db.prepare("SELECT 1 AS b FROM blocked_visitors WHERE tenant_id = ? AND ip_hash = ? AND expires_at > ? LIMIT 1").bind(tenantId, key, Date.now()).first();
  return row !== null;
}

export function blockStatement(db: D1Database, b: { tenantId: string; key: string; chatId: string; by: string; reason: string | null }): D1PreparedStatement {
  const now = Date.now();
  return db
    .prepare("INSERT INTO blocked_visitors (id, tenant_id, ip_hash, chat_id, blocked_by, reason, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .bind(newId("b_"), b.tenantId, b.key, b.chatId, b.by, b.reason, now, now + BLOCK_DAYS * 86_400_000);
}

export async function listBlocks(db: D1Database, tenantId: string) {
  const { results } = await db
    .prepare(
      `SELECT b.id, b.chat_id AS chatId, b.reason, b.created_at AS createdAt, b.expires_at AS expiresAt, u.name AS blockedBy
       FROM blocked_visitors b LEFT JOIN users u ON u.id = b.blocked_by AND u.tenant_id = b.tenant_id
       WHERE b.tenant_id = ? AND b.expires_at > ? ORDER BY b.created_at DESC LIMIT 500`,
    )
    .bind(tenantId, Date.now())
    .all();
  return results;
}
