/** Tenants, departments and users in D1. Every query takes the tenant id it is scoped to. */
import type { Role, UserListing } from "../../core/protocol";

export type { UserListing };

export interface TenantRow {
  id: string;
  name: string;
  publicKey: string;
  allowedOrigins: string[];
}
export interface Department {
  id: string;
  name: string;
}
export interface User {
  id: string;
  tenantId: string;
  tenantName: string;
  email: string;
  name: string;
  role: Role;
  departmentIds: string[];
}

const tenantCols = "id, name, public_key AS publicKey, allowed_origins AS allowedOrigins";
type RawTenant = Omit<TenantRow, "allowedOrigins"> & { allowedOrigins: string };
const toTenant = (r: RawTenant): TenantRow => ({ ...r, allowedOrigins: JSON.parse(r.allowedOrigins) as string[] });

// Widget traffic resolves the tenant on every request; a short per-isolate cache keeps that off D1.
const byKeyCache = new Map<string, { at: number; row: TenantRow | null }>();
const CACHE_MS = 10_000;

export async function tenantByPublicKey(db: D1Database, key: string): Promise<TenantRow | null> {
  const hit = byKeyCache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.row;
  const raw = await db.prepare(`SELECT ${tenantCols} FROM tenants WHERE public_key = ?`).bind(key).first<RawTenant>();
  const row = raw ? toTenant(raw) : null;
  byKeyCache.set(key, { at: Date.now(), row });
  return row;
}

export async function tenantById(db: D1Database, tenantId: string): Promise<TenantRow | null> {
  const raw = await db.prepare(`SELECT ${tenantCols} FROM tenants WHERE id = ?`).bind(tenantId).first<RawTenant>();
  return raw ? toTenant(raw) : null;
}

export async function setAllowedOrigins(db: D1Database, tenantId: string, origins: string[]): Promise<void> {
  await db.prepare("UPDATE tenants SET allowed_origins = ? WHERE id = ?").bind(JSON.stringify(origins), tenantId).run();
  byKeyCache.clear();
}

export async function listDepartments(db: D1Database, tenantId: string): Promise<Department[]> {
  const { results } = await db.prepare("SELECT id, name FROM departments WHERE tenant_id = ? ORDER BY name").bind(tenantId).all<Department>();
  return results;
}

export async function department(db: D1Database, tenantId: string, id: string): Promise<Department | null> {
  return db.prepare("SELECT id, name FROM departments WHERE tenant_id = ? AND id = ?").bind(tenantId, id).first<Department>();
}

const userCols = `u.id, u.tenant_id AS tenantId, t.name AS tenantName, u.email, u.name, u.role,
  (SELECT json_group_array(department_id) FROM user_departments d WHERE d.user_id = u.id AND d.tenant_id = u.tenant_id) AS departmentIds`;
type RawUser = Omit<User, "departmentIds"> & { departmentIds: string };
const toUser = (r: RawUser): User => ({ ...r, departmentIds: JSON.parse(r.departmentIds) as string[] });

export type SessionStage = "active" | "mfa" | "password_change" | "mfa_enroll";
export interface SessionRow {
  stage: SessionStage;
  createdAt: number;
  lastSeenAt: number;
}

/**
 * The user behind a session, or null when the session is unknown, expired, revoked or the user
 * disabled. Idle and absolute timeouts are the caller's to apply (they depend on the policy).
 */
export async function sessionUser(db: D1Database, sid: string, tenantId: string, userId: string, now = Date.now()): Promise<{ user: User; session: SessionRow } | null> {
  const raw = await db
    .prepare(
      `SELECT ${userCols}, s.stage, s.created_at AS createdAt, COALESCE(s.last_seen_at, s.created_at) AS lastSeenAt
       FROM sessions s JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id JOIN tenants t ON t.id = u.tenant_id
       WHERE s.id = ? AND s.tenant_id = ? AND s.user_id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = 0`,
    )
    .bind(sid, tenantId, userId, now)
    .first<RawUser & SessionRow>();
  if (!raw) return null;
  const { stage, createdAt, lastSeenAt, ...user } = raw;
  return { user: toUser(user), session: { stage, createdAt, lastSeenAt } };
}

/**
 * Which of `sids` are still valid under the policy's timeouts: not revoked, not past their
 * expiry, not idle and not too old. Used to close sockets whose session has ended.
 */
export async function liveSessionIds(db: D1Database, tenantId: string, sids: string[], idleMs: number, maxAgeMs: number, now = Date.now()): Promise<Set<string>> {
  if (sids.length === 0) return new Set();
  const { results } = await db
    .prepare(
      `SELECT id FROM sessions WHERE tenant_id = ? AND id IN (${sids.map(() => "?").join(",")}) AND revoked_at IS NULL AND expires_at > ?
         AND COALESCE(last_seen_at, created_at) > ? AND created_at > ? AND stage = 'active'`,
    )
    .bind(tenantId, ...sids, now, now - idleMs, now - maxAgeMs)
    .all<{ id: string }>();
  return new Set(results.map((r) => r.id));
}

/** Notes activity on a session; written at most once a minute to keep D1 writes low. */
export async function touchSession(db: D1Database, tenantId: string, sid: string, now = Date.now()): Promise<void> {
  await db
    .prepare("UPDATE sessions SET last_seen_at = ?1 WHERE id = ?2 AND tenant_id = ?3 AND COALESCE(last_seen_at, created_at) < ?1 - 60000")
    .bind(now, sid, tenantId)
    .run();
}

export async function userById(db: D1Database, tenantId: string, userId: string): Promise<User | null> {
  const raw = await db
    .prepare(`SELECT ${userCols} FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.tenant_id = ? AND u.id = ? AND u.disabled = 0`)
    .bind(tenantId, userId)
    .first<RawUser>();
  return raw ? toUser(raw) : null;
}

/** For login only: looks a user up by e-mail across tenants (e-mail is the global login). */
export async function loginCandidate(db: D1Database, email: string) {
  return db
    .prepare(
      `SELECT id, tenant_id AS tenantId, role, password_hash AS passwordHash, disabled,
         COALESCE(password_changed_at, created_at) AS passwordChangedAt, mfa_enabled_at IS NOT NULL AS mfaEnabled FROM users WHERE email = ?`,
    )
    .bind(email)
    .first<{ id: string; tenantId: string; role: Role; passwordHash: string; disabled: number; passwordChangedAt: number; mfaEnabled: number }>();
}

export function createSessionStatement(db: D1Database, s: { id: string; tenantId: string; userId: string; ttlMs: number; stage: SessionStage }): D1PreparedStatement {
  const now = Date.now();
  return db
    .prepare("INSERT INTO sessions (id, tenant_id, user_id, created_at, expires_at, stage, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(s.id, s.tenantId, s.userId, now, now + s.ttlMs, s.stage, now);
}

export async function revokeSession(db: D1Database, tenantId: string, sid: string): Promise<void> {
  await db.prepare("UPDATE sessions SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL").bind(Date.now(), sid, tenantId).run();
}


/**
 * Users of a tenant for the admin pages, optionally matching `q` (name or e-mail) and limited
 * to members of `departmentIds` (department managers see only their departments' people).
 */
export async function listUsers(db: D1Database, tenantId: string, f: { q?: string | undefined; departmentIds?: string[] | undefined; userId?: string } = {}): Promise<UserListing[]> {
  const where = ["u.tenant_id = ?"];
  const args: (string | number)[] = [tenantId];
  if (f.q) {
    where.push("(instr(lower(u.name), lower(?)) > 0 OR instr(u.email, lower(?)) > 0)");
    args.push(f.q, f.q);
  }
  if (f.userId) where.push("u.id = ?"), args.push(f.userId);
  if (f.departmentIds) {
    where.push(`EXISTS (SELECT 1 FROM user_departments x WHERE x.user_id = u.id AND x.tenant_id = u.tenant_id AND x.department_id IN (${f.departmentIds.map(() => "?").join(",") || "NULL"}))`);
    args.push(...f.departmentIds);
  }
  const { results } = await db
    .prepare(
      `SELECT u.id, u.email, u.name, u.role, u.disabled, u.created_at AS createdAt,
        u.locked_until IS NOT NULL AND u.locked_until > ? AS locked, u.mfa_enabled_at IS NOT NULL AS mfaEnabled, u.password_hash = '' AS pendingPassword,
        (SELECT json_group_array(department_id) FROM user_departments d WHERE d.user_id = u.id AND d.tenant_id = u.tenant_id) AS departmentIds
       FROM users u WHERE ${where.join(" AND ")} ORDER BY u.name LIMIT 1000`,
    )
    .bind(Date.now(), ...args)
    .all<{ id: string; email: string; name: string; role: Role; disabled: number; createdAt: number; locked: number; mfaEnabled: number; pendingPassword: number; departmentIds: string }>();
  return results.map((r) => ({
    ...r,
    disabled: r.disabled === 1,
    locked: r.locked === 1,
    mfaEnabled: r.mfaEnabled === 1,
    pendingPassword: r.pendingPassword === 1,
    departmentIds: JSON.parse(r.departmentIds) as string[],
  }));
}
