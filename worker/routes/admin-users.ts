/**
 * Account administration. Only site administrators change accounts (`users.write`); site
 * managers read them all, department managers read the people of their departments. Every
 * change is recorded as a security event, and changes that affect a user's access reach their
 * open sockets at once.
 */
import { Hono, type Context } from "hono";
import { dataScope } from "../../core/capabilities";
import { id, UserInviteBody, UserPatchBody, UserQuery } from "../../core/protocol";
import { tenantActor } from "../actors";
import { requireUser, type AppEnv } from "../auth";
import { issueToken, newUserId, resetMfaStatements, revokeAllSessions, type TokenPurpose } from "../db/accounts";
import { listUsers, type UserListing } from "../db/directory";
import { eventStatement } from "../db/events";
import { conflict, forbidden, jsonBody, notFound, parse } from "../errors";
import { sendMail } from "../mail";
import { describe } from "../openapi";
import { isUniqueViolation } from "./admin";

export const adminUserRoutes = new Hono<AppEnv>();

const userIdParam = (c: Context<AppEnv>) => parse(id, c.req.param("userId"));

async function target(c: Context<AppEnv>, userId: string): Promise<UserListing> {
  const [user] = await listUsers(c.env.DB, c.get("user").tenantId, { userId });
  if (!user) throw notFound("user");
  return user;
}

/** A tenant must keep one enabled site administrator, or nobody could administer it. */
async function keepOneAdmin(c: Context<AppEnv>, user: UserListing, losesAdmin: boolean): Promise<void> {
  if (user.role !== "site_admin" || !losesAdmin) return;
  const r = await c.env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE tenant_id = ? AND role = 'site_admin' AND disabled = 0")
    .bind(c.get("user").tenantId)
    .first<{ n: number }>();
  if ((r?.n ?? 0) <= 1) throw conflict("last_admin", "the last site administrator cannot be demoted, disabled or deleted");
}

/** Sends a one-time link by e-mail and returns it (shown once to the administrator). */
async function sendLink(c: Context<AppEnv>, user: { id: string; email: string; name: string }, purpose: TokenPurpose): Promise<string> {
  const me = c.get("user");
  const token = await issueToken(c.env.DB, me.tenantId, user.id, purpose);
  // The token rides in the fragment: browsers never send it to a server, so it stays out of logs.
  const link = `${new URL(c.req.url).origin}/account/#${purpose}=${token}`;
  const text =
    purpose === "invite"
      ? `${me.name} invited you to ${me.tenantName} on Parley.\n\nChoose your password here (the link works once, for 7 days):\n${link}\n`
      : `${me.name} reset your Parley password for ${me.tenantName}.\n\nChoose a new password here (the link works once, for 24 hours):\n${link}\n`;
  await sendMail(c.env, { to: user.email, subject: purpose === "invite" ? `You're invited to ${me.tenantName} on Parley` : "Reset your Parley password", text });
  return link;
}

async function record(c: Context<AppEnv>, action: string, targetId: string, extra: D1PreparedStatement[] = [], detail?: Record<string, unknown>) {
  const me = c.get("user");
  await c.env.DB.batch([...extra, eventStatement(c.env.DB, { tenantId: me.tenantId, actorId: me.id, action, targetId, ...(detail ? { detail } : {}) })]);
}

describe({ method: "get", path: "/api/admin/users", tag: "admin", auth: "session", summary: "Users (search by name or e-mail with `q`); department managers see their departments' people", query: UserQuery, responses: { 200: "body { users }", 403: "forbidden" } });
adminUserRoutes.get("/", requireUser("users.read"), async (c) => {
  const { q } = parse(UserQuery, c.req.query());
  const me = c.get("user");
  const scoped = dataScope(me.role, "users") === "departments" ? me.departmentIds : undefined;
  return c.json({ users: await listUsers(c.env.DB, me.tenantId, { q, departmentIds: scoped }) });
});

describe({ method: "post", path: "/api/admin/users/invite", tag: "admin", auth: "admin", summary: "Invite a user: creates the account and e-mails a one-time link to choose a password", body: UserInviteBody, responses: { 201: "body { user, link } (link shown once)", 400: "invalid body", 409: "email_taken" } });
adminUserRoutes.post("/invite", requireUser("users.write"), async (c) => {
  const body = await jsonBody(c, UserInviteBody);
  const me = c.get("user");
  const userId = newUserId();
  const db = c.env.DB;
  try {
    // No password yet (empty hash): nobody can sign in as this user until the link is used.
    await db.batch([
      db.prepare("INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, '', ?)").bind(
        userId,
        me.tenantId,
        body.email,
        body.name,
        body.role,
        Date.now(),
      ),
      ...departmentStatements(db, me.tenantId, userId, body.departmentIds),
      eventStatement(db, { tenantId: me.tenantId, actorId: me.id, action: "user.invited", targetId: userId, detail: { role: body.role } }),
    ]);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("email_taken", "this e-mail already has a Parley account");
    throw e;
  }
  const link = await sendLink(c, { id: userId, email: body.email, name: body.name }, "invite");
  return c.json({ user: await target(c, userId), link }, 201);
});

/** Replaces a user's departments, accepting only departments of the same tenant. */
function departmentStatements(db: D1Database, tenantId: string, userId: string, departmentIds: string[]): D1PreparedStatement[] {
  return [
    db.prepare("DELETE FROM user_departments WHERE user_id = ? AND tenant_id = ?").bind(userId, tenantId),
    ...departmentIds.map((d) =>
      db
        .prepare("INSERT OR IGNORE INTO user_departments (tenant_id, user_id, department_id) SELECT ?, ?, id FROM departments WHERE id = ? AND tenant_id = ?")
        .bind(tenantId, userId, d, tenantId),
    ),
  ];
}

describe({ method: "patch", path: "/api/admin/users/:userId", tag: "admin", auth: "admin", summary: "Change a user's name, role, departments, or disable/enable them", body: UserPatchBody, responses: { 200: "body { user }", 400: "invalid body", 404: "not_found", 409: "last_admin" } });
adminUserRoutes.patch("/:userId", requireUser("users.write"), async (c) => {
  const userId = userIdParam(c);
  const body = await jsonBody(c, UserPatchBody);
  const me = c.get("user");
  const db = c.env.DB;
  const before = await target(c, userId);
  await keepOneAdmin(c, before, (body.role !== undefined && body.role !== "site_admin") || body.disabled === true);
  await record(
    c,
    "user.changed",
    userId,
    [
      db
        .prepare("UPDATE users SET name = COALESCE(?, name), role = COALESCE(?, role), disabled = COALESCE(?, disabled) WHERE id = ? AND tenant_id = ?")
        .bind(body.name ?? null, body.role ?? null, body.disabled === undefined ? null : Number(body.disabled), userId, me.tenantId),
      ...(body.departmentIds ? departmentStatements(db, me.tenantId, userId, body.departmentIds) : []),
      // Disabling signs the user out everywhere at once.
      ...(body.disabled ? [revokeAllSessions(db, me.tenantId, userId)] : []),
    ],
    { before: { role: before.role, departmentIds: before.departmentIds, disabled: before.disabled, name: before.name }, after: body },
  );
  // Open sockets: closed for good when disabled, otherwise reconnected with the new permissions.
  await tenantActor(c.env, me.tenantId).disconnect(userId, undefined, body.disabled ? 4401 : 1012, body.disabled ? "account disabled" : "permissions changed");
  return c.json({ user: await target(c, userId) });
});

describe({ method: "delete", path: "/api/admin/users/:userId", tag: "admin", auth: "admin", summary: "Delete a user (not yourself, not the last administrator); their transcripts stay", responses: { 204: "deleted", 404: "not_found", 409: "last_admin or cannot_delete_self" } });
adminUserRoutes.delete("/:userId", requireUser("users.write"), async (c) => {
  const userId = userIdParam(c);
  const me = c.get("user");
  if (userId === me.id) throw conflict("cannot_delete_self", "you cannot delete your own account");
  await keepOneAdmin(c, await target(c, userId), true);
  await record(c, "user.deleted", userId, [c.env.DB.prepare("DELETE FROM users WHERE id = ? AND tenant_id = ?").bind(userId, me.tenantId)]);
  await tenantActor(c.env, me.tenantId).disconnect(userId, undefined, 4401, "account deleted");
  return c.body(null, 204);
});

describe({ method: "post", path: "/api/admin/users/:userId/unlock", tag: "admin", auth: "admin", summary: "Unlock an account locked after failed sign-ins", responses: { 200: "body { user }", 404: "not_found" } });
adminUserRoutes.post("/:userId/unlock", requireUser("users.write"), async (c) => {
  const userId = userIdParam(c);
  await target(c, userId);
  await record(c, "user.unlocked", userId, [
    c.env.DB.prepare("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ? AND tenant_id = ?").bind(userId, c.get("user").tenantId),
  ]);
  return c.json({ user: await target(c, userId) });
});

describe({ method: "post", path: "/api/admin/users/:userId/reset-password", tag: "admin", auth: "admin", summary: "Reset a password: the old one stops working, sessions end, a one-time link is e-mailed", responses: { 200: "body { user, link } (link shown once)", 404: "not_found" } });
adminUserRoutes.post("/:userId/reset-password", requireUser("users.write"), async (c) => {
  const userId = userIdParam(c);
  const user = await target(c, userId);
  const tenantId = c.get("user").tenantId;
  await record(c, "user.password_reset", userId, [
    c.env.DB.prepare("UPDATE users SET password_hash = '', failed_attempts = 0, locked_until = NULL WHERE id = ? AND tenant_id = ?").bind(userId, tenantId),
    revokeAllSessions(c.env.DB, tenantId, userId),
  ]);
  await tenantActor(c.env, tenantId).disconnect(userId, undefined, 4401, "password reset");
  // Someone who never chose a password gets a fresh invitation, not a "reset" message.
  const link = await sendLink(c, user, user.pendingPassword ? "invite" : "reset");
  return c.json({ user: await target(c, userId), link });
});

describe({ method: "post", path: "/api/admin/users/:userId/reset-mfa", tag: "admin", auth: "admin", summary: "Remove a user's two-step sign-in (they enrol again) and end their sessions", responses: { 200: "body { user }", 404: "not_found" } });
adminUserRoutes.post("/:userId/reset-mfa", requireUser("users.write"), async (c) => {
  const userId = userIdParam(c);
  await target(c, userId);
  const tenantId = c.get("user").tenantId;
  await record(c, "user.mfa_reset", userId, [...resetMfaStatements(c.env.DB, tenantId, userId), revokeAllSessions(c.env.DB, tenantId, userId)]);
  await tenantActor(c.env, tenantId).disconnect(userId, undefined, 4401, "two-step sign-in reset");
  return c.json({ user: await target(c, userId) });
});

describe({ method: "post", path: "/api/admin/users/:userId/sign-out", tag: "admin", auth: "admin", summary: "Sign a user out everywhere: every session ends and their sockets close", responses: { 200: "body { user }", 404: "not_found" } });
adminUserRoutes.post("/:userId/sign-out", requireUser("users.write"), async (c) => {
  const userId = userIdParam(c);
  await target(c, userId);
  const tenantId = c.get("user").tenantId;
  if (userId === c.get("user").id) throw forbidden("use “sign out everywhere” on your own account");
  await record(c, "user.signed_out", userId, [revokeAllSessions(c.env.DB, tenantId, userId)]);
  await tenantActor(c.env, tenantId).disconnect(userId, undefined, 4401, "signed out by an administrator");
  return c.json({ user: await target(c, userId) });
});
