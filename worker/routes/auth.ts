/**
 * Signing in and everything a user does to their own credentials: password, second factor,
 * one-time links (invitation, reset), signing out here or everywhere.
 */
import { Hono, type Context } from "hono";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../../core/password";
import { checkPassword, type SecurityPolicy } from "../../core/password-policy";
import { LinkCompleteBody, LinkPeekBody, LoginBody, MfaCodeBody, PasswordChangeBody, PasswordConfirmBody, type Role } from "../../core/protocol";
import { newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, otpauthUri, verifyTotp } from "../../core/totp";
import { tenantActor } from "../actors";
import { beginSession, clientIp, endSession, mfaRequired, nextStage, rateLimit, requireStage, requireUser, type AppEnv } from "../auth";
import {
  claimTotpStep,
  clearAttempts,
  consumeTokenStatement,
  enableMfaStatements,
  mfaState,
  peekToken,
  recentPasswordHashes,
  reserveAttempt,
  resetMfaStatements,
  revokeAllSessions,
  setPasswordStatements,
  sha256Hex,
  storePendingMfaSecret,
  useRecoveryCode,
} from "../db/accounts";
import { loginCandidate, revokeSession, userById, type SessionStage } from "../db/directory";
import { eventStatement, logEvent } from "../db/events";
import { securityPolicy } from "../db/settings";
import { ApiError, conflict, jsonBody } from "../errors";
import { describe } from "../openapi";

export const authRoutes = new Hono<AppEnv>();

const invalid = () => new ApiError(401, "invalid_credentials", "the e-mail or password is incorrect, or the account is locked");
const ALL_STAGES: SessionStage[] = ["active", "mfa", "password_change", "mfa_enroll"];

/** Sign-in facts about a user that decide the next stage. */
async function signInFacts(db: D1Database, tenantId: string, userId: string) {
  const r = await db
    .prepare(
      `SELECT role, mfa_enabled_at IS NOT NULL AS mfaEnabled, COALESCE(password_changed_at, created_at) AS passwordChangedAt
       FROM users WHERE id = ? AND tenant_id = ?`,
    )
    .bind(userId, tenantId)
    .first<{ role: Role; mfaEnabled: number; passwordChangedAt: number }>();
  if (!r) throw invalid();
  return { role: r.role, mfaEnabled: r.mfaEnabled === 1, passwordChangedAt: r.passwordChangedAt };
}

/** Replaces the current session by a new one (new id, new cookie) at the next stage. */
async function advance(c: Context<AppEnv>, passed: { mfa?: boolean; password?: boolean }) {
  const user = c.get("user");
  const policy = await securityPolicy(c.env.DB, user.tenantId);
  const stage = nextStage(await signInFacts(c.env.DB, user.tenantId, user.id), policy, passed);
  await revokeSession(c.env.DB, user.tenantId, c.get("sid"));
  await beginSession(c, user.tenantId, user.id, stage, policy);
  return { user, stage };
}

/**
 * Checks a password against the user's stored hash, counting the attempt against the lockout.
 * Refuses without checking when the account is locked.
 */
async function checkOwnPassword(c: Context<AppEnv>, tenantId: string, userId: string, password: string, storedHash: string): Promise<void> {
  const policy = await securityPolicy(c.env.DB, tenantId);
  const attempt = await reserveAttempt(c.env.DB, tenantId, userId, policy);
  if (!attempt) {
    await verifyPassword(password, DUMMY_HASH);
    await logEvent(c.env.DB, { tenantId, actorId: null, action: "sign_in.refused_locked", targetId: userId, detail: { ip: clientIp(c) } });
    throw invalid();
  }
  const verdict = await verifyPassword(password, storedHash);
  if (!verdict.ok) {
    await failedAttempt(c, tenantId, userId, attempt, policy, "sign_in.failed");
    throw invalid();
  }
  await clearAttempts(c.env.DB, tenantId, userId);
  if (verdict.needsRehash) {
    await c.env.DB.prepare("UPDATE users SET password_hash = ? WHERE id = ? AND tenant_id = ?").bind(await hashPassword(password), userId, tenantId).run();
  }
}

/** Records a failed attempt, and the lock when this attempt was the one that reached the limit. */
async function failedAttempt(c: Context<AppEnv>, tenantId: string, userId: string, attempt: number, policy: SecurityPolicy, action: string) {
  const locked = attempt >= policy.lockout.maxAttempts;
  await c.env.DB.batch([
    eventStatement(c.env.DB, { tenantId, actorId: null, action, targetId: userId, detail: { ip: clientIp(c), attempt } }),
    ...(locked ? [eventStatement(c.env.DB, { tenantId, actorId: null, action: "account.locked", targetId: userId, detail: { minutes: policy.lockout.lockMinutes || "until unlocked" } })] : []),
  ]);
}

/** Re-checks the signed-in user's password before a sensitive change (counts towards the lockout). */
async function confirmPassword(c: Context<AppEnv>, password: string): Promise<void> {
  const user = c.get("user");
  const stored = await c.env.DB.prepare("SELECT password_hash AS h FROM users WHERE id = ? AND tenant_id = ?").bind(user.id, user.tenantId).first<{ h: string }>();
  await checkOwnPassword(c, user.tenantId, user.id, password, stored?.h || DUMMY_HASH);
}

/** Applies the tenant's password policy and history to a new password. */
async function acceptablePassword(c: Context<AppEnv>, tenantId: string, userId: string, password: string, who: { email: string; name: string; tenantName: string }) {
  const policy = await securityPolicy(c.env.DB, tenantId);
  const verdict = checkPassword(password, policy, who);
  const problems = verdict.ok ? [] : [...verdict.problems];
  // A new password always differs from the current one (else an expired password could be
  // "changed" to itself); the policy's history extends that to the last N.
  const remembered = Math.max(1, policy.password.history);
  for (const old of await recentPasswordHashes(c.env.DB, tenantId, userId, remembered)) {
    if ((await verifyPassword(password, old)).ok) {
      problems.push(remembered === 1 ? "must differ from your current password" : `must differ from your last ${remembered} passwords`);
      break;
    }
  }
  if (problems.length > 0) {
    throw new ApiError(400, "weak_password", `the password ${problems.join("; ")}`, problems.map((message) => ({ path: "password", message })));
  }
}

// ------------------------------------------------------------------ sign in

describe({
  method: "post",
  path: "/api/auth/login",
  tag: "auth",
  auth: "public",
  summary: "Sign in with e-mail and password; sets the session cookie. `stage` says what is still due (mfa, password_change, mfa_enroll) or `active`",
  body: LoginBody,
  responses: { 200: "body { user, stage }", 400: "invalid body", 401: "invalid_credentials (also when locked)", 429: "rate_limited" },
});
authRoutes.post("/login", async (c) => {
  const { email, password } = await jsonBody(c, LoginBody);
  await rateLimit(c.env.LOGIN_LIMITER, `ip:${clientIp(c)}`);
  const candidate = await loginCandidate(c.env.DB, email);
  if (!candidate || candidate.disabled || candidate.passwordHash === "") {
    // Unknown, disabled and not-yet-activated accounts cost one hash check too, so timing does not tell them apart.
    await verifyPassword(password, DUMMY_HASH);
    throw invalid();
  }
  await checkOwnPassword(c, candidate.tenantId, candidate.id, password, candidate.passwordHash);
  const policy = await securityPolicy(c.env.DB, candidate.tenantId);
  // The candidate row already holds what decides the next stage.
  const stage = nextStage({ role: candidate.role, mfaEnabled: candidate.mfaEnabled === 1, passwordChangedAt: candidate.passwordChangedAt }, policy);
  await beginSession(c, candidate.tenantId, candidate.id, stage, policy);
  await logEvent(c.env.DB, { tenantId: candidate.tenantId, actorId: candidate.id, action: "sign_in.password_ok", targetId: candidate.id, detail: { stage, ip: clientIp(c) } });
  return c.json({ user: await userById(c.env.DB, candidate.tenantId, candidate.id), stage });
});

describe({
  method: "post",
  path: "/api/auth/mfa",
  tag: "auth",
  auth: "session",
  summary: "Second factor: a TOTP code or a one-time recovery code (session at stage `mfa`)",
  body: MfaCodeBody,
  responses: { 200: "body { user, stage }", 401: "invalid_credentials", 403: "sign_in_incomplete (wrong stage)" },
});
authRoutes.post("/mfa", requireStage("mfa"), async (c) => {
  const { code } = await jsonBody(c, MfaCodeBody);
  const user = c.get("user");
  const policy = await securityPolicy(c.env.DB, user.tenantId);
  const attempt = await reserveAttempt(c.env.DB, user.tenantId, user.id, policy);
  if (!attempt) throw invalid();
  const mfa = await mfaState(c.env, user.tenantId, user.id);
  let ok = false;
  if (mfa?.enabled && mfa.secret) {
    const totp = await verifyTotp(mfa.secret, code, Date.now(), { lastUsedStep: mfa.lastStep });
    ok = totp.ok && (await claimTotpStep(c.env.DB, user.tenantId, user.id, totp.step));
    if (!ok && !/^\d{6}$/.test(code)) ok = await useRecoveryCode(c.env.DB, user.tenantId, user.id, await sha256Hex(normalizeRecoveryCode(code)));
  }
  if (!ok) {
    await failedAttempt(c, user.tenantId, user.id, attempt, policy, "sign_in.mfa_failed");
    throw invalid();
  }
  await clearAttempts(c.env.DB, user.tenantId, user.id);
  return c.json(await advance(c, { mfa: true }));
});

// ------------------------------------------------------------------ own credentials

describe({
  method: "post",
  path: "/api/auth/password",
  tag: "auth",
  auth: "session",
  summary: "Change my password (also the step for an expired password); signs out my other sessions",
  body: PasswordChangeBody,
  responses: { 200: "body { user, stage }", 400: "weak_password", 401: "invalid_credentials" },
});
authRoutes.post("/password", requireStage("active", "password_change"), async (c) => {
  const { currentPassword, newPassword } = await jsonBody(c, PasswordChangeBody);
  const user = c.get("user");
  await confirmPassword(c, currentPassword);
  await acceptablePassword(c, user.tenantId, user.id, newPassword, { email: user.email, name: user.name, tenantName: user.tenantName });
  await c.env.DB.batch([
    ...setPasswordStatements(c.env.DB, user.tenantId, user.id, await hashPassword(newPassword)),
    revokeAllSessions(c.env.DB, user.tenantId, user.id),
    eventStatement(c.env.DB, { tenantId: user.tenantId, actorId: user.id, action: "password.changed", targetId: user.id }),
  ]);
  await tenantActor(c.env, user.tenantId).disconnect(user.id, undefined, 4401, "password changed");
  return c.json(await advance(c, { mfa: true, password: true }));
});

describe({
  method: "post",
  path: "/api/auth/mfa/setup",
  tag: "auth",
  auth: "session",
  summary: "Start TOTP enrolment: a new secret and its otpauth URI (for the QR code)",
  responses: { 200: "body { secret, otpauthUri }", 409: "mfa_already_enabled" },
});
authRoutes.post("/mfa/setup", requireStage("active", "mfa_enroll"), async (c) => {
  const user = c.get("user");
  if ((await mfaState(c.env, user.tenantId, user.id))?.enabled) throw conflict("mfa_already_enabled", "two-step sign-in is already set up");
  const secret = newTotpSecret();
  await storePendingMfaSecret(c.env, user.tenantId, user.id, secret);
  return c.json({ secret, otpauthUri: otpauthUri({ issuer: `Parley (${user.tenantName})`, account: user.email, secret }) });
});

describe({
  method: "post",
  path: "/api/auth/mfa/enable",
  tag: "auth",
  auth: "session",
  summary: "Finish TOTP enrolment with a current code; returns ten one-time recovery codes, shown once",
  body: MfaCodeBody,
  responses: { 200: "body { user, stage, recoveryCodes }", 400: "invalid_code", 409: "mfa_not_started or mfa_already_enabled" },
});
authRoutes.post("/mfa/enable", requireStage("active", "mfa_enroll"), async (c) => {
  const { code } = await jsonBody(c, MfaCodeBody);
  const user = c.get("user");
  const mfa = await mfaState(c.env, user.tenantId, user.id);
  if (mfa?.enabled) throw conflict("mfa_already_enabled", "two-step sign-in is already set up");
  if (!mfa?.secret) throw conflict("mfa_not_started", "start the set-up first");
  const totp = await verifyTotp(mfa.secret, code, Date.now(), { lastUsedStep: mfa.lastStep });
  if (!totp.ok || !(await claimTotpStep(c.env.DB, user.tenantId, user.id, totp.step))) {
    throw new ApiError(400, "invalid_code", "that code is not valid; check the time on your device and try the next code");
  }
  const recoveryCodes = newRecoveryCodes();
  const hashes = await Promise.all(recoveryCodes.map((r) => sha256Hex(normalizeRecoveryCode(r))));
  await c.env.DB.batch([
    ...(await enableMfaStatements(c.env.DB, user.tenantId, user.id, hashes)),
    eventStatement(c.env.DB, { tenantId: user.tenantId, actorId: user.id, action: "mfa.enabled", targetId: user.id }),
  ]);
  // Enrolling never sends an already signed-in session back through earlier steps.
  return c.json({ ...(await advance(c, { mfa: true, password: true })), recoveryCodes });
});

describe({
  method: "post",
  path: "/api/auth/mfa/disable",
  tag: "auth",
  auth: "session",
  summary: "Turn my two-step sign-in off (refused when the tenant requires it for my role)",
  body: PasswordConfirmBody,
  responses: { 204: "turned off", 401: "invalid_credentials", 409: "mfa_required" },
});
authRoutes.post("/mfa/disable", requireUser(), async (c) => {
  const { password } = await jsonBody(c, PasswordConfirmBody);
  const user = c.get("user");
  if (mfaRequired(user.role, c.get("policy"))) throw conflict("mfa_required", "your organisation requires two-step sign-in for your role");
  await confirmPassword(c, password);
  await c.env.DB.batch([
    ...resetMfaStatements(c.env.DB, user.tenantId, user.id),
    eventStatement(c.env.DB, { tenantId: user.tenantId, actorId: user.id, action: "mfa.disabled", targetId: user.id }),
  ]);
  return c.body(null, 204);
});

// ------------------------------------------------------------------ one-time links

describe({
  method: "post",
  path: "/api/auth/links/peek",
  tag: "auth",
  auth: "public",
  summary: "What an invitation or reset link is for (the token travels in the body, never the URL)",
  body: LinkPeekBody,
  responses: { 200: "body { purpose, email, name, tenantName, password: policy rules }", 404: "link_invalid" },
});
authRoutes.post("/links/peek", async (c) => {
  const { token } = await jsonBody(c, LinkPeekBody);
  await rateLimit(c.env.LOGIN_LIMITER, `link:${clientIp(c)}`);
  const owner = await peekToken(c.env.DB, token);
  if (!owner) throw new ApiError(404, "link_invalid", "this link is invalid, used or expired; ask your administrator for a new one");
  const policy = await securityPolicy(c.env.DB, owner.tenantId);
  return c.json({ purpose: owner.purpose, email: owner.email, name: owner.name, tenantName: owner.tenantName, password: policy.password });
});

describe({
  method: "post",
  path: "/api/auth/links/complete",
  tag: "auth",
  auth: "public",
  summary: "Choose a password with an invitation or reset link; the link then stops working",
  body: LinkCompleteBody,
  responses: { 204: "password set; sign in", 400: "weak_password", 404: "link_invalid" },
});
authRoutes.post("/links/complete", async (c) => {
  const { token, password } = await jsonBody(c, LinkCompleteBody);
  await rateLimit(c.env.LOGIN_LIMITER, `link:${clientIp(c)}`);
  const owner = await peekToken(c.env.DB, token);
  if (!owner) throw new ApiError(404, "link_invalid", "this link is invalid, used or expired; ask your administrator for a new one");
  await acceptablePassword(c, owner.tenantId, owner.userId, password, owner);
  // Using the token is its own statement: of concurrent submissions exactly one changes the row.
  const used = await (await consumeTokenStatement(c.env.DB, token)).run();
  if (used.meta.changes !== 1) throw new ApiError(404, "link_invalid", "this link was just used");
  await c.env.DB.batch([
    ...setPasswordStatements(c.env.DB, owner.tenantId, owner.userId, await hashPassword(password)),
    revokeAllSessions(c.env.DB, owner.tenantId, owner.userId),
    eventStatement(c.env.DB, { tenantId: owner.tenantId, actorId: owner.userId, action: `password.set_by_${owner.purpose}`, targetId: owner.userId }),
  ]);
  return c.body(null, 204);
});

// ------------------------------------------------------------------ sessions

describe({
  method: "post",
  path: "/api/auth/logout",
  tag: "auth",
  auth: "session",
  summary: "End the current session (server-side and cookie) and close its sockets",
  responses: { 204: "signed out", 401: "unauthenticated" },
});
authRoutes.post("/logout", requireStage(...ALL_STAGES), async (c) => {
  const user = c.get("user");
  await revokeSession(c.env.DB, user.tenantId, c.get("sid"));
  await tenantActor(c.env, user.tenantId).disconnect(user.id, c.get("sid"), 4401, "signed out");
  endSession(c);
  return c.body(null, 204);
});

describe({
  method: "post",
  path: "/api/auth/sign-out-everywhere",
  tag: "auth",
  auth: "session",
  summary: "End every session of mine, on every device, and close their sockets",
  responses: { 204: "signed out everywhere", 401: "unauthenticated" },
});
authRoutes.post("/sign-out-everywhere", requireUser(), async (c) => {
  const user = c.get("user");
  await c.env.DB.batch([
    revokeAllSessions(c.env.DB, user.tenantId, user.id),
    eventStatement(c.env.DB, { tenantId: user.tenantId, actorId: user.id, action: "sessions.revoked_all", targetId: user.id }),
  ]);
  await tenantActor(c.env, user.tenantId).disconnect(user.id, undefined, 4401, "signed out everywhere");
  endSession(c);
  return c.body(null, 204);
});

describe({
  method: "get",
  path: "/api/auth/me",
  tag: "auth",
  auth: "session",
  summary: "The signed-in user, the session's stage, and whether two-step sign-in is set up",
  responses: { 200: "body { user, stage, mfaEnabled, mfaRequired }", 401: "unauthenticated or session_expired" },
});
authRoutes.get("/me", requireStage(...ALL_STAGES), async (c) => {
  const user = c.get("user");
  const mfa = await mfaState(c.env, user.tenantId, user.id);
  return c.json({ user, stage: c.get("stage"), mfaEnabled: mfa?.enabled ?? false, mfaRequired: mfaRequired(user.role, c.get("policy")) });
});
