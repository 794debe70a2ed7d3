import { Hono } from "hono";
import { newId } from "../../core/encoding";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../../core/password";
import { LoginBody } from "../../core/protocol";
import { tenantActor } from "../actors";
import { clientIp, endSession, rateLimit, requireUser, SESSION_TTL_MS, startSession, type AppEnv } from "../auth";
import { createSession, loginCandidate, revokeSession, userById } from "../db/directory";
import { ApiError, jsonBody } from "../errors";
import { describe } from "../openapi";

export const authRoutes = new Hono<AppEnv>();

describe({
  method: "post",
  path: "/api/auth/login",
  tag: "auth",
  auth: "public",
  summary: "Sign in with e-mail and password; sets the session cookie",
  body: LoginBody,
  responses: { 200: "signed in; body { user }", 400: "invalid body", 401: "invalid_credentials", 429: "rate_limited" },
});
authRoutes.post("/login", async (c) => {
  const { email, password } = await jsonBody(c, LoginBody);
  await rateLimit(c.env.LOGIN_LIMITER, `ip:${clientIp(c)}`);
  const candidate = await loginCandidate(c.env.DB, email);
  // Unknown accounts still cost one hash verification, so timing does not reveal which e-mails exist.
  const verdict = await verifyPassword(password, candidate?.passwordHash ?? DUMMY_HASH);
  if (!candidate || !verdict.ok || candidate.disabled) {
    throw new ApiError(401, "invalid_credentials", "the e-mail or password is incorrect");
  }
  if (verdict.needsRehash) {
    await c.env.DB.prepare("UPDATE users SET password_hash = ? WHERE id = ? AND tenant_id = ?")
      .bind(await hashPassword(password), candidate.id, candidate.tenantId)
      .run();
  }
  const sid = newId("s_");
  await createSession(c.env.DB, { id: sid, tenantId: candidate.tenantId, userId: candidate.id, ttlMs: SESSION_TTL_MS });
  await startSession(c, { sid, tenantId: candidate.tenantId, userId: candidate.id });
  return c.json({ user: await userById(c.env.DB, candidate.tenantId, candidate.id) });
});

describe({
  method: "post",
  path: "/api/auth/logout",
  tag: "auth",
  auth: "session",
  summary: "End the current session (server-side and cookie)",
  responses: { 204: "signed out", 401: "unauthenticated" },
});
authRoutes.post("/logout", requireUser(), async (c) => {
  const user = c.get("user");
  await revokeSession(c.env.DB, user.tenantId, c.get("sid"));
  await tenantActor(c.env, user.tenantId).disconnect(user.id, c.get("sid"), 4401, "signed out");
  endSession(c);
  return c.body(null, 204);
});

describe({
  method: "get",
  path: "/api/auth/me",
  tag: "auth",
  auth: "session",
  summary: "The signed-in user",
  responses: { 200: "body { user }", 401: "unauthenticated" },
});
authRoutes.get("/me", requireUser(), (c) => c.json({ user: c.get("user") }));
