/** Tenant administration: departments and widget embedding. Each route names the capability it needs. */
import { Hono } from "hono";
import { newId } from "../../core/encoding";
import { DepartmentBody, id, WidgetSettingsBody } from "../../core/protocol";
import { requireUser, type AppEnv } from "../auth";
import { setAllowedOrigins, tenantById } from "../db/directory";
import { conflict, jsonBody, notFound, parse } from "../errors";
import { describe } from "../openapi";

export const adminRoutes = new Hono<AppEnv>();

export const isUniqueViolation = (e: unknown) => e instanceof Error && /UNIQUE constraint failed/.test(e.message);

describe({ method: "get", path: "/api/admin/departments", tag: "admin", auth: "admin", summary: "Departments with their agent counts", responses: { 200: "body { departments }", 403: "forbidden" } });
adminRoutes.get("/departments", requireUser("users.read"), async (c) => {
  const { results } = await c.env.DB.prepare(
    `SELECT d.id, d.name, (SELECT COUNT(*) FROM user_departments u WHERE u.department_id = d.id AND u.tenant_id = d.tenant_id) AS agentCount
     FROM departments d WHERE d.tenant_id = ? ORDER BY d.name`,
  )
    .bind(c.get("user").tenantId)
    .all();
  return c.json({ departments: results });
});

describe({ method: "post", path: "/api/admin/departments", tag: "admin", auth: "admin", summary: "Create a department", body: DepartmentBody, responses: { 201: "body { department }", 400: "invalid body", 409: "duplicate_name" } });
adminRoutes.post("/departments", requireUser("departments.write"), async (c) => {
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
adminRoutes.patch("/departments/:departmentId", requireUser("departments.write"), async (c) => {
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
adminRoutes.delete("/departments/:departmentId", requireUser("departments.write"), async (c) => {
  const departmentId = parse(id, c.req.param("departmentId"));
  const r = await c.env.DB.prepare("DELETE FROM departments WHERE id = ? AND tenant_id = ?").bind(departmentId, c.get("user").tenantId).run();
  if (r.meta.changes === 0) throw notFound("department");
  return c.body(null, 204);
});

function widgetSettings(origin: string, t: { publicKey: string; allowedOrigins: string[] }) {
  return {
    publicKey: t.publicKey,
    allowedOrigins: t.allowedOrigins,
    snippet: `<script src="${origin}/widget.js" data-key="${t.publicKey}" async></script>`,
  };
}

describe({ method: "get", path: "/api/admin/widget", tag: "admin", auth: "admin", summary: "Widget key, embed snippet and allowed origins", responses: { 200: "body { publicKey, allowedOrigins, snippet }" } });
adminRoutes.get("/widget", requireUser("settings.read"), async (c) => {
  const t = await tenantById(c.env.DB, c.get("user").tenantId);
  if (!t) throw notFound("tenant");
  return c.json(widgetSettings(new URL(c.req.url).origin, t));
});

describe({ method: "put", path: "/api/admin/widget", tag: "admin", auth: "admin", summary: "Set the origins allowed to embed the widget", body: WidgetSettingsBody, responses: { 200: "body { publicKey, allowedOrigins, snippet }", 400: "invalid body" } });
adminRoutes.put("/widget", requireUser("settings.write"), async (c) => {
  const { allowedOrigins } = await jsonBody(c, WidgetSettingsBody);
  const tenantId = c.get("user").tenantId;
  await setAllowedOrigins(c.env.DB, tenantId, allowedOrigins);
  const t = await tenantById(c.env.DB, tenantId);
  return c.json(widgetSettings(new URL(c.req.url).origin, t!));
});
