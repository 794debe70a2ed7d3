/**
 * Operator API for creating a tenant (used by `npm start` to seed the demo tenant, by the
 * benchmarks, and by whoever runs a deployment). Enabled only when the PROVISION_TOKEN secret is
 * set. Idempotent by widget key and e-mail: a second run updates the tenant's name and allowed
 * origins and adds what is missing, and never touches existing users or their passwords.
 */
import { Hono } from "hono";
import { newId, timingSafeEqual } from "../../core/encoding";
import { hashPassword } from "../../core/password";
import { ProvisionBody } from "../../core/protocol";
import type { AppEnv } from "../auth";
import { wrappedKeyForNewTenant } from "../db/keys";
import { ApiError, jsonBody } from "../errors";
import { describe } from "../openapi";

export const provisionRoutes = new Hono<AppEnv>();
const enc = new TextEncoder();

describe({
  method: "post",
  path: "/api/operator/tenants",
  tag: "operator",
  auth: "operator",
  summary: "Create (or find) a tenant with departments and users; idempotent",
  body: ProvisionBody,
  responses: { 200: "body { tenantId, departments: {name: id}, users: {email: id} }", 401: "operator token required", 404: "operator API disabled" },
});
provisionRoutes.post("/tenants", async (c) => {
  const secret = c.env.PROVISION_TOKEN;
  if (!secret) throw new ApiError(404, "not_found", "the operator API is not enabled on this deployment");
  const given = c.req.header("Authorization")?.replace(/^Bearer /, "") ?? "";
  // Compare digests, so neither the content nor the length of the token leaks through timing.
  const digest = async (s: string) => new Uint8Array(await crypto.subtle.digest("SHA-256", enc.encode(s)));
  if (!timingSafeEqual(await digest(given), await digest(secret))) throw new ApiError(401, "unauthenticated", "operator token required");
  const body = await jsonBody(c, ProvisionBody, 1024 * 1024);
  const db = c.env.DB;
  const now = Date.now();

  await db
    .prepare(
      `INSERT INTO tenants (id, name, public_key, allowed_origins, data_key_wrapped, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (public_key) DO UPDATE SET name = excluded.name, allowed_origins = excluded.allowed_origins`,
    )
    .bind(newId("t_"), body.name, body.publicKey, JSON.stringify(body.allowedOrigins), await wrappedKeyForNewTenant(c.env), now)
    .run();
  const tenant = await db.prepare("SELECT id FROM tenants WHERE public_key = ?").bind(body.publicKey).first<{ id: string }>();
  const tenantId = tenant!.id;

  await db.batch(
    body.departments.map((name) =>
      db.prepare("INSERT OR IGNORE INTO departments (id, tenant_id, name, created_at) VALUES (?, ?, ?, ?)").bind(newId("d_"), tenantId, name, now),
    ),
  );
  const { results: depts } = await db.prepare("SELECT id, name FROM departments WHERE tenant_id = ?").bind(tenantId).all<{ id: string; name: string }>();
  const deptId = new Map(depts.map((d) => [d.name, d.id]));

  const users: Record<string, string> = {};
  for (const u of body.users) {
    const existing = await db.prepare("SELECT id, tenant_id AS tenantId FROM users WHERE email = ?").bind(u.email).first<{ id: string; tenantId: string }>();
    if (existing) {
      if (existing.tenantId !== tenantId) throw new ApiError(409, "email_taken", `${u.email} belongs to another tenant`);
      users[u.email] = existing.id;
      continue;
    }
    const userId = newId("u_");
    await db.batch([
      db.prepare("INSERT INTO users (id, tenant_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)").bind(
        userId,
        tenantId,
        u.email,
        u.name,
        u.role,
        await hashPassword(u.password),
        now,
      ),
      ...u.departments
        .filter((n) => deptId.has(n))
        .map((n) => db.prepare("INSERT INTO user_departments (tenant_id, user_id, department_id) VALUES (?, ?, ?)").bind(tenantId, userId, deptId.get(n)!)),
    ]);
    users[u.email] = userId;
  }
  return c.json({ tenantId, departments: Object.fromEntries(deptId), users });
});
