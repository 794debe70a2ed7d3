/**
 * Authentication at the edge. Agents and administrators carry a signed session cookie that
 * names a server-side session row (checked on every request, so revocation is immediate);
 * visitors carry a signed token scoped to one tenant and one chat.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { Role } from "../core/protocol";
import { signSession, verifySession, verifyVisitor, type VisitorClaims } from "../core/tokens";
import { sessionUser, type User } from "./db/directory";
import { ApiError, forbidden, unauthenticated } from "./errors";

export type AppEnv = { Bindings: Env; Variables: { user: User; sid: string } };

/** `__Host-` binds the cookie to this exact origin: Secure, Path=/ and no Domain are enforced by the browser. */
export const SESSION_COOKIE = "parley_session";
export const SESSION_TTL_MS = 12 * 60 * 60_000;
export const VISITOR_TTL_S = 6 * 60 * 60;

export async function startSession(c: Context<AppEnv>, claims: { sid: string; tenantId: string; userId: string }): Promise<void> {
  const token = await signSession(c.env.AUTH_SECRET, claims, SESSION_TTL_MS / 1000);
  setCookie(c, SESSION_COOKIE, token, { prefix: "host", httpOnly: true, secure: true, sameSite: "Strict", path: "/", maxAge: SESSION_TTL_MS / 1000 });
}

export function endSession(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { prefix: "host", secure: true, path: "/" });
}

/** Requires a live session; with roles given, also one of those roles. */
export const requireUser = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE, "host");
    const claims = token ? await verifySession(c.env.AUTH_SECRET, token) : null;
    const user = claims ? await sessionUser(c.env.DB, claims.sid, claims.tenantId, claims.userId) : null;
    if (!claims || !user) throw unauthenticated();
    if (roles.length > 0 && !roles.includes(user.role)) throw forbidden();
    c.set("user", user);
    c.set("sid", claims.sid);
    await next();
  });

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
