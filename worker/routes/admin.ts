/** Tenant administration (site administrators only): departments, users, widget embedding. */
import { Hono } from "hono";
import { newId } from "../../core/encoding";
import { hashPassword } from "../../core/password";
import { DepartmentBody, id, UserCreateBody, UserPatchBody, WidgetSettingsBody } from "../../core/protocol";
import { tenantActor } from "../actors";
import { requireUser, type AppEnv } from "../auth";
import { listUsers, setAllowedOrigins, tenantById } from "../db/directory";
import { conflict, jsonBody, notFound, parse } from "../errors";
import { describe } from "../openapi";

export const adminRoutes = new Hono<AppEnv>();
adminRoutes.use(requireUser("site_admin"));

const isUniqueViolation = (e: unknown) => e instanceof Error && /UNIQUE constraint failed/.test(e.message);

describe({ method: "get", path: "/api/admin/departments", tag: "admin", auth: "admin", summary: "Departments with their agent counts", responses: { 200: "body { departments }", 403: "forbidden" } });
adminRoutes.get("/departments", async (c) => {
  const { results } = await c.env.DB.prepare(
    `SELECT d.id, d.name, (SELECT COUNT(*) FROM user_departments u WHERE u.department_id = d.id AND u.tenant_id = d.tenant_id) AS agentCount
     FROM departments d WHERE d.tenant_id = ? ORDER BY d.name`,
  )
    .bind(c.get("user").tenantId)
    .all();
  return c.json({ departments: results });
});

describe({ method: "post", path: "/api/admin/departments", tag: "admin", auth: "admin", summary: "Create a department", body: DepartmentBody, responses: { 201: "body { department }", 400: "invalid body", 409: "duplicate_name" } });
adminRoutes.post("/departments", async (c) => {
  const { name } = await jsonBody(c, DepartmentBody);
  const department = { id: newId("d_"), name, agentCount: 0 };
  try {
    await c.env.DB.prepare("INSERT INTO departments (id, tenant_id, name, created_at) VALUES (?, ?, ?, ?)").bind(department.id, c.get("user").tenantId, name, Date.now()).run();
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("duplicate_name", "a department with this name exists");
    throw e;
  }
  return c.json({ department }, 201);
});

describe({ method: "patch", path: "/api/admin/departments/:departmentId", tag: "admin", auth: "admin", summary: "Rename a department", body: DepartmentBody, responses: { 200: "body { department }", 404: "not_found", 409: "duplicate_name" } });
adminRoutes.patch("/departments/:departmentId", async (c) => {
  const departmentId = parse(id, c.req.param("departmentId"));
  const { name } = await jsonBody(c, DepartmentBody);
  try {
    const r = await c.env.DB.prepare("UPDATE departments SET name = ? WHERE id = ? AND tenant_id = ?").bind(name, departmentId, c.get("user").tenantId).run();
    if (r.meta.changes === 0) throw notFound("department");
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("duplicate_name", "a department with this name exists");
    throw e;
  }
  return c.json({ department: { id: departmentId, name } });
});

describe({ method: "delete", path: "/api/admin/departments/:departmentId", tag: "admin", auth: "admin", summary: "Delete a department (its agents stay, unassigned from it)", responses: { 204: "deleted", 404: "not_found" } });
adminRoutes.delete("/departments/:departmentId", async (c) => {
  const departmentId = parse(id, c.req.param("departmentId"));
  const r = await c.env.DB.prepare("DELETE FROM departments WHERE id = ? AND tenant_id = ?").bind(departmentId, c.get("user").tenantId).run();
  if (r.meta.changes === 0) throw notFound("department");
  return c.body(null, 204);
});

describe({ method: "get", path: "/api/admin/users", tag: "admin", auth: "admin", summary: "Users of the tenant", responses: { 200: "body { users }", 403: "forbidden" } });
adminRoutes.get("/users", async (c) => c.json({ users: await listUsers(c.env.DB, c.get("user").tenantId) }));

/** Replaces a user's departments, accepting only departments of the same tenant. */
async function setDepartments(db: D1Database, tenantId: string, userId: string, departmentIds: string[]): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM user_departments WHERE user_id = ? AND tenant_id = ?").bind(userId, tenantId),
    ...departmentIds.map((d) =>
      db
        .prepare("INSERT OR IGNORE INTO user_departments (tenant_id, user_id, department_id) SELECT ?, ?, id FROM departments WHERE id = ? AND tenant_id = ?")
        .bind(tenantId, userId, d, tenantId),
    ),
  ]);
}

async function userOut(db: D1Database, tenantId: string, userId: string) {
  const user = (await listUsers(db, tenantId)).find((u) => u.id === userId);
  if (!user) throw notFound("user");
  return user;
}

describe({ method: "post", path: "/api/admin/users", tag: "admin", auth: "admin", summary: "Create a user with an initial password", body: UserCreateBody, responses: { 201: "body { user }", 400: "invalid body", 409: "email_taken" } });
adminRoutes.post("/users", async (c) => {
  const body = await jsonBody(c, UserCreateBody);
  const tenantId = c.get("user").tenantId;
  const userId = newId("u_");
  try {
    await c.env.DB.prepare("INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(userId, tenantId, body.email, body.name, body.role, await hashPassword(body.password), Date.now())
      .run();
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("email_taken", "this e-mail already has a Parley account");
    throw e;
  }
  await setDepartments(c.env.DB, tenantId, userId, body.departmentIds);
  return c.json({ user: await userOut(c.env.DB, tenantId, userId) }, 201);
});

describe({ method: "patch", path: "/api/admin/users/:userId", tag: "admin", auth: "admin", summary: "Change a user's name, role, departments, or disable/enable them", body: UserPatchBody, responses: { 200: "body { user }", 400: "invalid body", 404: "not_found", 409: "last_admin" } });
adminRoutes.patch("/users/:userId", async (c) => {
  const userId = parse(id, c.req.param("userId"));
  const body = await jsonBody(c, UserPatchBody);
  const me = c.get("user");
  const db = c.env.DB;
  const target = await userOut(db, me.tenantId, userId);
  // A tenant must keep one enabled site administrator, or nobody could administer it.
  const demotes = target.role === "site_admin" && ((body.role && body.role !== "site_admin") || body.disabled === true);
  if (demotes) {
    const admins = await db.prepare("SELECT COUNT(*) AS n FROM users WHERE tenant_id = ? AND role = 'site_admin' AND disabled = 0").bind(me.tenantId).first<{ n: number }>();
    if ((admins?.n ?? 0) <= 1) throw conflict("last_admin", "the last site administrator cannot be demoted or disabled");
  }
  await db
    .prepare("UPDATE users SET name = COALESCE(?, name), role = COALESCE(?, role), disabled = COALESCE(?, disabled) WHERE id = ? AND tenant_id = ?")
    .bind(body.name ?? null, body.role ?? null, body.disabled === undefined ? null : Number(body.disabled), userId, me.tenantId)
    .run();
  if (body.departmentIds) await setDepartments(db, me.tenantId, userId, body.departmentIds);
  // Disabling signs the user out everywhere at once; any other change makes their open sockets
  // reconnect so that the Worker re-reads their role and departments.
  if (body.disabled) await db.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND tenant_id = ? AND revoked_at IS NULL").bind(Date.now(), userId, me.tenantId).run();
  await tenantActor(c.env, me.tenantId).disconnect(userId, undefined, body.disabled ? 4401 : 1012, body.disabled ? "account disabled" : "permissions changed");
  return c.json({ user: await userOut(db, me.tenantId, userId) });
});

function widgetSettings(origin: string, t: { publicKey: string; allowedOrigins: string[] }) {
  return {
    publicKey: t.publicKey,
    allowedOrigins: t.allowedOrigins,
    snippet: `<script src="${origin}/widget.js" data-key="${t.publicKey}" async></script>`,
  };
}

describe({ method: "get", path: "/api/admin/widget", tag: "admin", auth: "admin", summary: "Widget key, embed snippet and allowed origins", responses: { 200: "body { publicKey, allowedOrigins, snippet }" } });
adminRoutes.get("/widget", async (c) => {
  const t = await tenantById(c.env.DB, c.get("user").tenantId);
  if (!t) throw notFound("tenant");
  return c.json(widgetSettings(new URL(c.req.url).origin, t));
});

describe({ method: "put", path: "/api/admin/widget", tag: "admin", auth: "admin", summary: "Set the origins allowed to embed the widget", body: WidgetSettingsBody, responses: { 200: "body { publicKey, allowedOrigins, snippet }", 400: "invalid body" } });
adminRoutes.put("/widget", async (c) => {
  const { allowedOrigins } = await jsonBody(c, WidgetSettingsBody);
  const tenantId = c.get("user").tenantId;
  await setAllowedOrigins(c.env.DB, tenantId, allowedOrigins);
  const t = await tenantById(c.env.DB, tenantId);
  return c.json(widgetSettings(new URL(c.req.url).origin, t!));
});
