/**
 * Every session route, for every role, for no session, and for another tenant's administrator:
 * the capability matrix of core/capabilities.ts decides allow or deny, and the server enforces
 * it whatever the UI shows.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CHAT_SETTINGS } from "../core/chat-settings";
import { DEFAULT_POLICY } from "../core/password-policy";
import type { Role } from "../core/protocol";
import { api, goOnline, login, makeTenant, startChat, trackSockets, type TestTenant } from "./helpers";

const track = trackSockets();
type Who = Role | "none" | "other_tenant";
const ALL: Role[] = ["site_admin", "site_manager", "dept_manager", "agent"];
const READERS: Role[] = ["site_admin", "site_manager"];

interface Probe {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Builds the path (and any object it needs) for one attempt. */
  path: (t: TestTenant) => string | Promise<string>;
  body?: (t: TestTenant) => unknown;
  allowed: Role[];
  /** Ends or changes the caller's own session: run with a fresh sign-in. */
  fresh?: boolean;
}

let counter = 0;
async function throwawayUser(t: TestTenant, adminCookie: string): Promise<string> {
  const res = await api("/api/admin/users/invite", {
    method: "POST",
    cookie: adminCookie,
    body: { email: `tmp-${counter++}-${crypto.randomUUID().slice(0, 6)}@example.com`, name: "Temp User", role: "agent", departmentIds: [] },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as any).user.id;
}

describe("role matrix", () => {
  it("allows and denies every route exactly as the capability matrix says", async () => {
    const t = await makeTenant();
    const other = await makeTenant();
    const cookies: Record<Role, string> = {
      site_admin: await login(t.emails.admin),
      site_manager: await login(t.emails.manager),
      dept_manager: await login(t.emails.dm),
      agent: await login(t.emails.alice),
    };
    const otherAdmin = await login(other.emails.admin);
    track(await goOnline(await login(t.emails.bob))); // someone online in Sales, so chats can start
    const user = () => throwawayUser(t, cookies.site_admin);
    const chat = async () => (await startChat(t, "Sales", "matrix")).chatId;

    const probes: Probe[] = [
      // own account: every role
      { method: "GET", path: () => "/api/auth/me", allowed: ALL },
      { method: "POST", path: () => "/api/auth/mfa/setup", allowed: ALL },
      { method: "POST", path: () => "/api/auth/mfa/disable", body: () => ({ password: "wrong password" }), allowed: ALL },
      { method: "POST", path: () => "/api/auth/logout", allowed: ALL, fresh: true },
      { method: "POST", path: () => "/api/auth/sign-out-everywhere", allowed: ALL, fresh: true },
      // console: every role that answers chats (all four)
      { method: "GET", path: () => "/api/console/state", allowed: ALL },
      { method: "POST", path: () => "/api/console/status", body: () => ({ status: "away" }), allowed: ALL },
      { method: "POST", path: async () => `/api/console/chats/${await chat()}/accept`, allowed: ALL },
      { method: "POST", path: async () => `/api/console/chats/${await chat()}/transfer`, body: () => ({ departmentId: t.departments.Support }), allowed: ALL },
      { method: "POST", path: async () => `/api/console/chats/${await chat()}/end`, allowed: ALL },
      { method: "GET", path: () => "/api/console/transcripts", allowed: ALL },
      { method: "GET", path: () => "/api/console/transcripts/c_unknown", allowed: ALL },
      { method: "GET", path: () => "/api/console/offline-messages", allowed: ALL },
      // users
      { method: "GET", path: () => "/api/admin/users", allowed: [...READERS, "dept_manager"] },
      { method: "POST", path: () => "/api/admin/users/invite", body: () => ({ email: `inv-${crypto.randomUUID().slice(0, 8)}@example.com`, name: "Invitee", role: "agent" }), allowed: ["site_admin"] },
      { method: "PATCH", path: async () => `/api/admin/users/${await user()}`, body: () => ({ name: "Renamed" }), allowed: ["site_admin"] },
      { method: "DELETE", path: async () => `/api/admin/users/${await user()}`, allowed: ["site_admin"] },
      { method: "POST", path: async () => `/api/admin/users/${await user()}/unlock`, allowed: ["site_admin"] },
      { method: "POST", path: async () => `/api/admin/users/${await user()}/reset-password`, allowed: ["site_admin"] },
      { method: "POST", path: async () => `/api/admin/users/${await user()}/reset-mfa`, allowed: ["site_admin"] },
      { method: "POST", path: async () => `/api/admin/users/${await user()}/sign-out`, allowed: ["site_admin"] },
      // departments
      { method: "GET", path: () => "/api/admin/departments", allowed: [...READERS, "dept_manager"] },
      { method: "POST", path: () => "/api/admin/departments", body: () => ({ name: `Dept ${crypto.randomUUID().slice(0, 6)}` }), allowed: ["site_admin"] },
      { method: "PATCH", path: () => `/api/admin/departments/${t.departments.Support}`, body: () => ({ name: "Support" }), allowed: ["site_admin"] },
      {
        method: "DELETE",
        path: async () => {
          const res = await api("/api/admin/departments", { method: "POST", cookie: cookies.site_admin, body: { name: `Gone ${crypto.randomUUID().slice(0, 6)}` } });
          return `/api/admin/departments/${((await res.json()) as any).department.id}`;
        },
        allowed: ["site_admin"],
      },
      // settings
      { method: "GET", path: () => "/api/admin/widget", allowed: READERS },
      { method: "PUT", path: () => "/api/admin/widget", body: () => ({ allowedOrigins: ["https://shop.example"] }), allowed: ["site_admin"] },
      { method: "GET", path: () => "/api/admin/security/policy", allowed: READERS },
      { method: "PUT", path: () => "/api/admin/security/policy", body: () => DEFAULT_POLICY, allowed: ["site_admin"] },
      { method: "GET", path: () => "/api/admin/security/events", allowed: READERS },
      { method: "GET", path: () => "/api/admin/settings/chat", allowed: READERS },
      { method: "PUT", path: () => "/api/admin/settings/chat", body: () => DEFAULT_CHAT_SETTINGS, allowed: ["site_admin"] },
      { method: "POST", path: () => "/api/admin/settings/masking/preview", body: () => ({ text: "4111 1111 1111 1111" }), allowed: READERS },
      { method: "GET", path: () => "/api/admin/settings/blocked-visitors", allowed: READERS },
      { method: "DELETE", path: () => "/api/admin/settings/blocked-visitors/b_unknown", allowed: ["site_admin"] },
      // actions governed by per-role settings: the capability lets every role try; the settings decide
      { method: "POST", path: async () => `/api/console/chats/${await chat()}/reject`, allowed: ALL },
      { method: "POST", path: async () => `/api/console/chats/${await chat()}/block`, body: () => ({}), allowed: ALL },
      { method: "DELETE", path: () => "/api/console/transcripts/c_unknown", allowed: ALL },
      { method: "POST", path: () => "/api/console/transcripts/c_unknown/email", body: () => ({ to: "x@example.com" }), allowed: ALL },
    ];

    const attempt = async (p: Probe, cookie: string | undefined) =>
      api(await p.path(t), { method: p.method, ...(cookie ? { cookie } : {}), ...(p.body ? { body: p.body(t) } : {}) });

    const emailOf: Record<Exclude<Who, "none">, string> = {
      site_admin: t.emails.admin,
      site_manager: t.emails.manager,
      dept_manager: t.emails.dm,
      agent: t.emails.alice,
      other_tenant: other.emails.admin,
    };
    // Probes that end sessions run last, each with its own sign-in.
    probes.sort((a, b) => Number(a.fresh ?? false) - Number(b.fresh ?? false));
    const failures: string[] = [];
    for (const p of probes) {
      const label = `${p.method} ${(await p.path(t)).replace(/[cu]_[A-Za-z0-9_-]{22}/g, ":id")}`;
      for (const who of [...ALL, "none", "other_tenant"] as Who[]) {
        const cookie = who === "none" ? undefined : p.fresh ? await login(emailOf[who]) : who === "other_tenant" ? otherAdmin : cookies[who];
        const res = await attempt(p, cookie);
        const body = res.status === 204 ? null : ((await res.json()) as any);
        const code = body?.error?.code;
        if (who === "none") {
          if (res.status !== 401) failures.push(`${label} without a session: ${res.status}`);
        } else if (who === "other_tenant") {
          // Another tenant's administrator may use the route, but only on its own tenant:
          // nothing of this tenant may appear, and no object of this tenant may be changed.
          const leaked = JSON.stringify(body ?? "").includes(t.tenantId) || Object.values(t.departments).some((d) => JSON.stringify(body ?? "").includes(d));
          if (leaked) failures.push(`${label} by another tenant leaked data`);
        } else if (p.allowed.includes(who)) {
          if (code === "unauthenticated" || code === "forbidden") failures.push(`${label} as ${who}: denied (${res.status} ${code})`);
        } else if (!(res.status === 403 && code === "forbidden")) {
          failures.push(`${label} as ${who}: expected 403 forbidden, got ${res.status} ${code ?? ""}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
