/**
 * Account state in D1: lockout counters, password changes and history, one-time links, MFA
 * secrets and recovery codes. Every statement is scoped by tenant.
 */
import { newId, toBase64Url } from "../../core/encoding";
import type { SecurityPolicy } from "../../core/password-policy";
import { openField, sealField, type StoredBlob } from "./keys";

type KeyEnv = Pick<Env, "DB" | "MASTER_KEY">;

/** `locked_until` value meaning "until an administrator unlocks" (the largest Date). */
export const LOCKED_UNTIL_UNLOCKED = 8_640_000_000_000_000;
/** Password history kept per user, whatever the policy (the policy may ask for up to 24). */
const HISTORY_KEPT = 24;

export async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Reserves one sign-in attempt before the password is checked, in a single atomic statement.
 * The attempt that reaches the limit sets the lock itself, so however many wrong guesses arrive
 * at once, at most `maxAttempts` of them are ever checked. Returns the attempt's number in the
 * current run, or null when the account is locked (nothing is checked then). A successful
 * sign-in clears the counter and the lock.
 */
export async function reserveAttempt(db: D1Database, tenantId: string, userId: string, policy: SecurityPolicy, now = Date.now()): Promise<number | null> {
  const lockUntil = policy.lockout.lockMinutes === 0 ? LOCKED_UNTIL_UNLOCKED : now + policy.lockout.lockMinutes * 60_000;
  const row = await db
    .prepare(
      `UPDATE users SET
         failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= ?1 THEN 1 ELSE failed_attempts + 1 END,
         locked_until = CASE
           WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= ?1 THEN 1 ELSE failed_attempts + 1 END) >= ?2 THEN ?3
           WHEN locked_until IS NOT NULL AND locked_until <= ?1 THEN NULL
           ELSE locked_until END
       WHERE id = ?4 AND tenant_id = ?5 AND (locked_until IS NULL OR locked_until <= ?1)
       RETURNING failed_attempts`,
    )
    .bind(now, policy.lockout.maxAttempts, lockUntil, userId, tenantId)
    .first<{ failed_attempts: number }>();
  return row?.failed_attempts ?? null;
}

export async function clearAttempts(db: D1Database, tenantId: string, userId: string): Promise<void> {
  await db.prepare("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ? AND tenant_id = ?").bind(userId, tenantId).run();
}

/** The hashes a new password must not match: the current one and the previous ones, newest first. */
export async function recentPasswordHashes(db: D1Database, tenantId: string, userId: string, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const { results } = await db
    .prepare(
      `SELECT hash FROM (
         SELECT password_hash AS hash, 9e15 AS at FROM users WHERE id = ?1 AND tenant_id = ?2 AND password_hash <> ''
         UNION ALL SELECT hash, created_at AS at FROM password_history WHERE user_id = ?1 AND tenant_id = ?2
       ) ORDER BY at DESC LIMIT ?3`,
    )
    .bind(userId, tenantId, count)
    .all<{ hash: string }>();
  return results.map((r) => r.hash);
}

/** Statements that replace a password (keeping the old hash in the history) and clear any lock. */
export function setPasswordStatements(db: D1Database, tenantId: string, userId: string, newHash: string, now = Date.now()): D1PreparedStatement[] {
  return [
    db
      .prepare("INSERT INTO password_history (tenant_id, user_id, hash, created_at) SELECT tenant_id, id, password_hash, ? FROM users WHERE id = ? AND tenant_id = ? AND password_hash <> ''")
      .bind(now, userId, tenantId),
    db
      .prepare("UPDATE users SET password_hash = ?, password_changed_at = ?, failed_attempts = 0, locked_until = NULL WHERE id = ? AND tenant_id = ?")
      .bind(newHash, now, userId, tenantId),
    db
      .prepare(
        `DELETE FROM password_history WHERE user_id = ?1 AND tenant_id = ?2 AND rowid NOT IN
           (SELECT rowid FROM password_history WHERE user_id = ?1 AND tenant_id = ?2 ORDER BY created_at DESC LIMIT ?3)`,
      )
      .bind(userId, tenantId, HISTORY_KEPT),
  ];
}

export const revokeAllSessions = (db: D1Database, tenantId: string, userId: string, exceptSid: string | null = null) =>
  db
    .prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND tenant_id = ? AND revoked_at IS NULL AND id IS NOT ?")
    .bind(Date.now(), userId, tenantId, exceptSid);

// ------------------------------------------------------------------ one-time links

export type TokenPurpose = "invite" | "reset";
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = { invite: 7 * 24 * 60 * 60_000, reset: 24 * 60 * 60_000 };

/** Creates a one-time link token (returned once, stored only as a hash); earlier ones of the user die. */
export async function issueToken(db: D1Database, tenantId: string, userId: string, purpose: TokenPurpose): Promise<string> {
  const token = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const now = Date.now();
  await db.batch([
    db.prepare("UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND tenant_id = ? AND used_at IS NULL").bind(now, userId, tenantId),
    db
      .prepare("INSERT INTO one_time_tokens (token_hash, tenant_id, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(await sha256Hex(token), tenantId, userId, purpose, now, now + TOKEN_TTL_MS[purpose]),
  ]);
  return token;
}

export interface TokenOwner {
  tenantId: string;
  userId: string;
  purpose: TokenPurpose;
  email: string;
  name: string;
  tenantName: string;
}

/** Looks a live token up without using it. */
export async function peekToken(db: D1Database, token: string): Promise<TokenOwner | null> {
  return db
    .prepare(
      `SELECT o.tenant_id AS tenantId, o.user_id AS userId, o.purpose, u.email, u.name, t.name AS tenantName
       FROM one_time_tokens o JOIN users u ON u.id = o.user_id AND u.tenant_id = o.tenant_id JOIN tenants t ON t.id = o.tenant_id
       WHERE o.token_hash = ? AND o.used_at IS NULL AND o.expires_at > ? AND u.disabled = 0`,
    )
    .bind(await sha256Hex(token), Date.now())
    .first<TokenOwner>();
}

/** Marks a token used; exactly one of concurrent uses gets a statement that changes a row. */
export async function consumeTokenStatement(db: D1Database, token: string): Promise<D1PreparedStatement> {
  return db
    .prepare("UPDATE one_time_tokens SET used_at = ?1 WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1")
    .bind(Date.now(), await sha256Hex(token));
}

// ------------------------------------------------------------------ MFA

const mfaAad = (userId: string) => `users:mfa_secret:${userId}`;

export async function mfaState(env: KeyEnv, tenantId: string, userId: string) {
  const row = await env.DB.prepare("SELECT mfa_secret_enc, mfa_enabled_at, mfa_last_step FROM users WHERE id = ? AND tenant_id = ?")
    .bind(userId, tenantId)
    .first<{ mfa_secret_enc: StoredBlob; mfa_enabled_at: number | null; mfa_last_step: number | null }>();
  if (!row) return null;
  return {
    secret: await openField(env, tenantId, mfaAad(userId), row.mfa_secret_enc),
    enabled: row.mfa_enabled_at !== null,
    lastStep: row.mfa_last_step,
  };
}

/** Stores a new, not yet confirmed secret (enrolment finishes with `enableMfa`). */
export async function storePendingMfaSecret(env: KeyEnv, tenantId: string, userId: string, secret: string): Promise<void> {
  await env.DB.prepare("UPDATE users SET mfa_secret_enc = ?, mfa_enabled_at = NULL, mfa_last_step = NULL WHERE id = ? AND tenant_id = ?")
    .bind(await sealField(env, tenantId, mfaAad(userId), secret), userId, tenantId)
    .run();
}

/** Records the time step a code was accepted at; false when that step (or a later one) was used already. */
export async function claimTotpStep(db: D1Database, tenantId: string, userId: string, step: number): Promise<boolean> {
  const r = await db
    .prepare("UPDATE users SET mfa_last_step = ? WHERE id = ? AND tenant_id = ? AND (mfa_last_step IS NULL OR mfa_last_step < ?)")
    .bind(step, userId, tenantId, step)
    .run();
  return r.meta.changes === 1;
}

export async function enableMfaStatements(db: D1Database, tenantId: string, userId: string, recoveryHashes: string[]): Promise<D1PreparedStatement[]> {
  return [
    db.prepare("UPDATE users SET mfa_enabled_at = ? WHERE id = ? AND tenant_id = ?").bind(Date.now(), userId, tenantId),
    db.prepare("DELETE FROM recovery_codes WHERE user_id = ? AND tenant_id = ?").bind(userId, tenantId),
    ...recoveryHashes.map((h) => db.prepare("INSERT INTO recovery_codes (tenant_id, user_id, code_hash) VALUES (?, ?, ?)").bind(tenantId, userId, h)),
  ];
}

export function resetMfaStatements(db: D1Database, tenantId: string, userId: string): D1PreparedStatement[] {
  return [
    db.prepare("UPDATE users SET mfa_secret_enc = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL WHERE id = ? AND tenant_id = ?").bind(userId, tenantId),
    db.prepare("DELETE FROM recovery_codes WHERE user_id = ? AND tenant_id = ?").bind(userId, tenantId),
  ];
}

/** Uses a recovery code once; false when unknown or already used. */
export async function useRecoveryCode(db: D1Database, tenantId: string, userId: string, codeHash: string): Promise<boolean> {
  const r = await db
    .prepare("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND tenant_id = ? AND code_hash = ? AND used_at IS NULL")
    .bind(Date.now(), userId, tenantId, codeHash)
    .run();
  return r.meta.changes === 1;
}

export const newUserId = () => newId("u_");
