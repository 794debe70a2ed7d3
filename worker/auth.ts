/**
 * Authentication at the edge. Agents and administrators carry a signed session cookie that
 * names a server-side session row (checked on every request, so revocation is immediate);
 * visitors carry a signed token scoped to one tenant and one chat.
 *
 * A session has a stage: only 'active' sessions reach the product. A sign-in that still owes a
 * second factor, an expired password's change or an MFA enrolment the policy demands holds a
 * session in that stage, which opens only the endpoints that finish it.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { can, type Capability } from "../core/capabilities";
import type { AgentToggle } from "../core/chat-settings";
import { newId } from "../core/encoding";
import type { SecurityPolicy } from "../core/password-policy";
import type { Role } from "../core/protocol";
import { signSession, verifySession, verifyVisitor, type VisitorClaims } from "../core/tokens";
import { createSessionStatement, revokeSession, sessionUser, touchSession, type SessionStage, type User } from "./db/directory";
import { chatSettings, securityPolicy } from "./db/settings";
import { ApiError, forbidden, unauthenticated } from "./errors";

export type AppEnv = { Bindings: Env; Variables: { user: User; sid: string; stage: SessionStage; policy: SecurityPolicy } };

/** Sent as `__Host-parley_session`: the prefix makes the browser insist on Secure, Path=/ and no Domain. */
export const SESSION_COOKIE = "parley_session";
export const VISITOR_TTL_S = 6 * 60 * 60;

/** Creates a session at `stage` with a fresh id and sets its cookie. */
export async function beginSession(c: Context<AppEnv>, tenantId: string, userId: string, stage: SessionStage, policy: SecurityPolicy): Promise<string> {
  const sid = newId("s_");
  const ttlMs = policy.sessions.absoluteHours * 60 * 60_000;
  await createSessionStatement(c.env.DB, { id: sid, tenantId, userId, ttlMs, stage }).run();
  const token = await signSession(c.env.AUTH_SECRET, { sid, tenantId, userId }, ttlMs / 1000);
  setCookie(c, SESSION_COOKIE, token, { prefix: "host", httpOnly: true, secure: true, sameSite: "Strict", path: "/", maxAge: ttlMs / 1000 });
  return sid;
}

export function endSession(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { prefix: "host", secure: true, path: "/" });
}

async function loadSession(c: Context<AppEnv>, stages: readonly SessionStage[]): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE, "host");
  const claims = token ? await verifySession(c.env.AUTH_SECRET, token) : null;
  const found = claims ? await sessionUser(c.env.DB, claims.sid, claims.tenantId, claims.userId) : null;
  if (!claims || !found) throw unauthenticated();
  const policy = await securityPolicy(c.env.DB, claims.tenantId);
  const now = Date.now();
  const idle = now - found.session.lastSeenAt > policy.sessions.idleMinutes * 60_000;
  const tooOld = now - found.session.createdAt > policy.sessions.absoluteHours * 60 * 60_000;
  if (idle || tooOld) {
    await revokeSession(c.env.DB, claims.tenantId, claims.sid);
    throw new ApiError(401, "session_expired", idle ? "signed out after a period of inactivity" : "the session reached its maximum age; sign in again");
  }
  if (!stages.includes(found.session.stage)) {
    throw new ApiError(403, "sign_in_incomplete", `finish signing in first (${found.session.stage.replace("_", " ")})`, [{ stage: found.session.stage }]);
  }
  c.set("user", found.user);
  c.set("sid", claims.sid);
  c.set("stage", found.session.stage);
  c.set("policy", policy);
  c.executionCtx.waitUntil(touchSession(c.env.DB, claims.tenantId, claims.sid, now));
}

/** Requires a fully signed-in session; with a capability given, also a role that has it. */
export const requireUser = (capability?: Capability) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await loadSession(c, ["active"]);
    if (capability && !can(c.get("user").role, capability)) throw forbidden();
    await next();
  });

/** Requires a session at one of the given stages (the sign-in steps). */
export const requireStage = (...stages: SessionStage[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await loadSession(c, stages);
    await next();
  });

export function mfaRequired(role: Role, policy: SecurityPolicy): boolean {
  return policy.mfa.required === "all" || (policy.mfa.required === "roles" && policy.mfa.roles.includes(role));
}

export function passwordExpired(changedAt: number, policy: SecurityPolicy, now = Date.now()): boolean {
  return policy.password.expiryDays > 0 && now - changedAt > policy.password.expiryDays * 24 * 60 * 60_000;
}

/** The next sign-in step for a user, given which steps this sign-in has already passed. */
export function nextStage(
  u: { role: Role; mfaEnabled: boolean; passwordChangedAt: number },
  policy: SecurityPolicy,
  passed: { mfa?: boolean; password?: boolean } = {},
): SessionStage {
  if (u.mfaEnabled && !passed.mfa) return "mfa";
  if (!passed.password && passwordExpired(u.passwordChangedAt, policy)) return "password_change";
  if (!u.mfaEnabled && mfaRequired(u.role, policy)) return "mfa_enroll";
  return "active";
}

/**
 * Cookie-authenticated requests that change state, and every WebSocket upgrade, must come from
 * Parley's own origin. SameSite=Strict already keeps the cookie off cross-site requests; this
 * also refuses same-site pages on other ports or subdomains (and cross-site WebSocket hijacking).
 */
export const sameOriginOnly = createMiddleware<AppEnv>(async (c, next) => {
  const unsafe = !["GET", "HEAD", "OPTIONS"].includes(c.req.method) || c.req.header("Upgrade")?.toLowerCase() === "websocket";
  if (unsafe && c.req.header("Origin") !== new URL(c.req.url).origin) {
    throw new ApiError(403, "cross_origin_refused", "this request must come from a Parley page");
  }
  await next();
});

/**
 * The visitor token, from `Authorization: Bearer …` or, for WebSockets (which cannot set
 * headers in browsers), from the `bearer.<token>` subprotocol. Never from the URL, so it does
 * not end up in access logs.
 */
export async function visitorFor(c: Context<AppEnv>, chatId: string): Promise<VisitorClaims> {
  const auth = c.req.header("Authorization");
  const fromHeader = auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
  const fromProtocol = c.req
    .header("Sec-WebSocket-Protocol")
    ?.split(",")
    .map((p) => p.trim())
    .find((p) => p.startsWith("bearer."))
    ?.slice(7);
  const token = fromHeader ?? fromProtocol;
  const claims = token ? await verifyVisitor(c.env.AUTH_SECRET, token) : null;
  if (!claims) throw new ApiError(401, "invalid_token", "the chat token is missing, expired or invalid");
  if (claims.chatId !== chatId) throw new ApiError(403, "wrong_chat", "this token belongs to another chat");
  return claims;
}

export const clientIp = (c: Context) => c.req.header("CF-Connecting-IP") ?? "unknown";

/** Applies a rate-limit binding to a key, answering 429 `rate_limited` when it is exhausted. */
export async function rateLimit(limiter: RateLimit, key: string): Promise<void> {
  const { success } = await limiter.limit({ key });
  if (!success) throw new ApiError(429, "rate_limited", "too many requests; wait a minute and try again");
}

/** Refuses an action the tenant's chat settings do not allow for this user's role. */
export async function requireToggle(c: Context<AppEnv>, toggle: AgentToggle): Promise<void> {
  const user = c.get("user");
  const settings = await chatSettings(c.env.DB, user.tenantId);
  if (!settings.agent[user.role][toggle]) throw new ApiError(403, "disabled_by_policy", "your organisation's settings do not allow this for your role");
}
