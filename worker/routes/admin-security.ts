/** Password and sign-in policy, and the security event log. */
import { Hono } from "hono";
import { z } from "zod";
import { pciProfile, SecurityPolicy } from "../../core/password-policy";
import { requireUser, type AppEnv } from "../auth";
import { eventStatement } from "../db/events";
import { forgetSettings, SECURITY, securityPolicy, writeSettingsStatement } from "../db/settings";
import { jsonBody, parse } from "../errors";
import { describe } from "../openapi";

export const adminSecurityRoutes = new Hono<AppEnv>();

async function save(c: import("hono").Context<AppEnv>, next: SecurityPolicy, action: string) {
  const me = c.get("user");
  const before = await securityPolicy(c.env.DB, me.tenantId);
  if (JSON.stringify(before) === JSON.stringify(next)) return c.json({ policy: next });
  await c.env.DB.batch([
    writeSettingsStatement(c.env.DB, me.tenantId, SECURITY, next, me.id),
    eventStatement(c.env.DB, { tenantId: me.tenantId, actorId: me.id, action, detail: { before, after: next } }),
  ]);
  forgetSettings(me.tenantId, SECURITY);
  return c.json({ policy: next });
}

describe({ method: "get", path: "/api/admin/security/policy", tag: "admin", auth: "session", summary: "Password, lockout, session and MFA policy", responses: { 200: "body { policy }", 403: "forbidden" } });
adminSecurityRoutes.get("/policy", requireUser("settings.read"), async (c) => c.json({ policy: await securityPolicy(c.env.DB, c.get("user").tenantId) }));

describe({ method: "put", path: "/api/admin/security/policy", tag: "admin", auth: "admin", summary: "Replace the password, lockout, session and MFA policy", body: SecurityPolicy, responses: { 200: "body { policy }", 400: "invalid body", 403: "forbidden" } });
adminSecurityRoutes.put("/policy", requireUser("settings.write"), async (c) => save(c, await jsonBody(c, SecurityPolicy), "policy.changed"));

describe({ method: "post", path: "/api/admin/security/policy/pci", tag: "admin", auth: "admin", summary: "Apply the PCI DSS 4.0 profile on top of the current policy", responses: { 200: "body { policy }", 403: "forbidden" } });
adminSecurityRoutes.post("/policy/pci", requireUser("settings.write"), async (c) => save(c, pciProfile(await securityPolicy(c.env.DB, c.get("user").tenantId)), "policy.pci_profile_applied"));

const EventQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
describe({ method: "get", path: "/api/admin/security/events", tag: "admin", auth: "session", summary: "Recent security events (sign-ins, lockouts, account and policy changes)", query: EventQuery, responses: { 200: "body { events }", 403: "forbidden" } });
adminSecurityRoutes.get("/events", requireUser("security_events.read"), async (c) => {
  const { limit } = parse(EventQuery, c.req.query());
  const { results } = await c.env.DB.prepare(
    `SELECT e.id, e.action, e.actor_id AS actorId, a.name AS actorName, e.target_id AS targetId, t.name AS targetName, e.detail, e.at
     FROM security_events e LEFT JOIN users a ON a.id = e.actor_id AND a.tenant_id = e.tenant_id LEFT JOIN users t ON t.id = e.target_id AND t.tenant_id = e.tenant_id
     WHERE e.tenant_id = ? ORDER BY e.at DESC LIMIT ?`,
  )
    .bind(c.get("user").tenantId, limit)
    .all<{ detail: string | null }>();
  return c.json({ events: results.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) : null })) });
});
