import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../worker/index";
import { api, login, makeTenant } from "./helpers";

describe("pages and their security headers", () => {
  it("lets only the tenant's allowed origins frame the widget", async () => {
    const t = await makeTenant();
    const res = await api(`/w/frame.html?key=${t.key}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("/w/frame.js");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors https://shop.example");
    expect(csp).toContain("script-src 'self'");
    expect((await api("/w/frame.html?key=pk_nobody_at_all")).status).toBe(404);
    expect((await api("/w/frame.html")).status).toBe(404);
  });

  it("follows the allowed origins an administrator saves", async () => {
    const t = await makeTenant();
    const admin = await login(t.emails.admin);
    const saved = await api("/api/admin/widget", { method: "PUT", cookie: admin, body: { allowedOrigins: ["https://www.acme.example"] } });
    expect(saved.status).toBe(200);
    const csp = (await api(`/w/frame.html?key=${t.key}`)).headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors https://www.acme.example");
    expect(csp).not.toContain("shop.example");
    // Anything but a bare origin is refused: these values end up in a CSP header.
    for (const origin of ["https://x.example/path", "https://a.example;sandbox", "https://a.example, https://b.example", "*", "https://*.example"]) {
      const bad = await api("/api/admin/widget", { method: "PUT", cookie: admin, body: { allowedOrigins: [origin] } });
      expect(bad.status, origin).toBe(400);
    }
  });

  it("forbids framing the console and admin pages", async () => {
    for (const path of ["/console/", "/admin/"]) {
      const res = await api(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });

  it("serves the loader for cross-origin pages", async () => {
    const res = await api("/widget.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
  });
});

describe("scheduled housekeeping", () => {
  it("removes session records that expired over a day ago and keeps live ones", async () => {
    const t = await makeTenant();
    const cookie = await login(t.emails.alice);
    const user = t.users[t.emails.alice]!;
    await env.DB.prepare("INSERT INTO sessions (id, tenant_id, user_id, created_at, expires_at) VALUES ('s_old', ?, ?, 0, 1000)").bind(t.tenantId, user).run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/15 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await env.DB.prepare("SELECT id FROM sessions WHERE id = 's_old'").first()).toBeNull();
    expect((await api("/api/auth/me", { cookie })).status).toBe(200);
  });
});

describe("transcript history filters", () => {
  it("filters by agent and date and pages with a cursor", async () => {
    const t = await makeTenant();
    const day = 86_400_000;
    const insert = (id: string, endedAt: number, agent: string) =>
      env.DB.batch([
        env.DB.prepare(
          "INSERT INTO transcripts (id, tenant_id, department_id, visitor_id, started_at, ended_at, ended_by, message_count) VALUES (?, ?, ?, 'v', ?, ?, 'visitor', 0)",
        ).bind(id, t.tenantId, t.departments.Sales, endedAt - 1000, endedAt),
        env.DB.prepare("INSERT INTO transcript_agents (tenant_id, transcript_id, agent_id) VALUES (?, ?, ?)").bind(t.tenantId, id, agent),
      ]);
    const alice = t.users[t.emails.alice]!;
    const bob = t.users[t.emails.bob]!;
    await insert("c_a1", 10 * day, alice);
    await insert("c_a2", 11 * day, alice);
    await insert("c_b1", 12 * day, bob);
    const cookie = await login(t.emails.admin);
    const ids = async (q: string, as = cookie) => ((await (await api(`/api/console/transcripts?${q}`, { cookie: as })).json()) as any).transcripts.map((x: any) => x.id);
    expect(await ids("")).toEqual(["c_b1", "c_a2", "c_a1"]);
    expect(await ids(`agentId=${alice}`)).toEqual(["c_a2", "c_a1"]);
    expect(await ids(`from=${10.5 * day}&to=${12 * day}`)).toEqual(["c_a2"]);
    const page1 = (await (await api("/api/console/transcripts?limit=2", { cookie })).json()) as any;
    expect(page1.transcripts.map((x: any) => x.id)).toEqual(["c_b1", "c_a2"]);
    expect(await ids(`limit=2&before=${encodeURIComponent(page1.next)}`)).toEqual(["c_a1"]);
    // Agents read only the transcripts of chats they took part in, whatever they ask for.
    const aliceCookie = await login(t.emails.alice);
    expect(await ids("", aliceCookie)).toEqual(["c_a2", "c_a1"]);
    expect(await ids(`agentId=${bob}`, aliceCookie)).toEqual([]);
    expect((await api("/api/console/transcripts/c_b1", { cookie: aliceCookie })).status).toBe(404);
  });
});
