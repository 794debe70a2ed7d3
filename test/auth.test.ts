import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../core/password";
import { agentSocket, api, goOnline, isType, lobbySocket, login, makeTenant, ORIGIN, PASSWORD, startChat } from "./helpers";

describe("sign-in and sessions", () => {
  it("sets an HttpOnly, Secure, SameSite=Strict, host-only session cookie", async () => {
    const t = await makeTenant();
    const res = await api("/api/auth/login", { method: "POST", body: { email: t.emails.alice, password: PASSWORD } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-parley_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Domain=/i);
    const body = (await res.json()) as any;
    expect(body.user).toMatchObject({ email: t.emails.alice, role: "agent", tenantId: t.tenantId });
    expect(JSON.stringify(body)).not.toMatch(/password|pbkdf2/i);
  });

  it("answers a wrong password and an unknown account identically", async () => {
    const t = await makeTenant();
    const wrong = await api("/api/auth/login", { method: "POST", body: { email: t.emails.alice, password: "not the password" } });
    const unknown = await api("/api/auth/login", { method: "POST", body: { email: "nobody@example.com", password: "not the password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("rate-limits sign-in attempts per IP address", async () => {
    const t = await makeTenant();
    const statuses: number[] = [];
    // The limit is 20 a minute in fixed windows: a burst that straddles a window boundary may get up
    // to 40 through, never more.
    for (let i = 0; i < 45 && !statuses.includes(429); i++) {
      // Different (unknown) accounts, so this measures the per-IP limit, not the account lockout.
      const res = await api("/api/auth/login", { method: "POST", body: { email: `nobody-${i}@example.com`, password: `guess ${i}` }, headers: { "cf-connecting-ip": "192.0.2.7" } });
      statuses.push(res.status);
    }
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThanOrEqual(20);
    expect(first429).toBeLessThanOrEqual(40);
    expect(statuses.slice(0, first429).every((s) => s === 401)).toBe(true);
    // Another address is not affected.
    const other = await api("/api/auth/login", { method: "POST", body: { email: t.emails.alice, password: PASSWORD }, headers: { "cf-connecting-ip": "192.0.2.8" } });
    expect(other.status).toBe(200);
  });

  it("stores only a salted slow hash, never the password", async () => {
    const t = await makeTenant();
    const rows = await env.DB.prepare("SELECT password_hash FROM users WHERE tenant_id = ?").bind(t.tenantId).all<{ password_hash: string }>();
    const hashes = rows.results.map((r) => r.password_hash);
    expect(hashes).toHaveLength(5);
    for (const h of hashes) {
      expect(h).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      expect(h).not.toContain(PASSWORD);
    }
    expect(new Set(hashes).size).toBe(5); // same password, different salts
  });

  it("upgrades a hash made with weaker parameters at the next login", async () => {
    const t = await makeTenant();
    const id = t.users[t.emails.bob]!;
    await env.DB.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(await hashPassword(PASSWORD, 1000), id).run();
    await login(t.emails.bob);
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?").bind(id).first<{ password_hash: string }>();
    expect(row!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
  });

  it("logout revokes the session on the server: the old cookie stops working", async () => {
    const t = await makeTenant();
    const cookie = await login(t.emails.alice);
    expect((await api("/api/auth/me", { cookie })).status).toBe(200);
    expect((await api("/api/auth/logout", { method: "POST", cookie })).status).toBe(204);
    expect((await api("/api/auth/me", { cookie })).status).toBe(401);
  });

  it("disabling a user signs them out everywhere at once", async () => {
    const t = await makeTenant();
    const [agent, admin] = [await login(t.emails.alice), await login(t.emails.admin)];
    const res = await api(`/api/admin/users/${t.users[t.emails.alice]}`, { method: "PATCH", cookie: admin, body: { disabled: true } });
    expect(res.status).toBe(200);
    expect((await api("/api/console/state", { cookie: agent })).status).toBe(401);
    expect((await api("/api/auth/login", { method: "POST", body: { email: t.emails.alice, password: PASSWORD } })).status).toBe(401);
  });

  it("refuses a forged or foreign cookie", async () => {
    const t = await makeTenant();
    const cookie = await login(t.emails.alice);
    const tampered = cookie.slice(0, -3) + (cookie.endsWith("abc") ? "xyz" : "abc");
    expect((await api("/api/auth/me", { cookie: tampered })).status).toBe(401);
    expect((await api("/api/auth/me", { cookie: "__Host-parley_session=eyJhbGciOiJub25lIn0.e30." })).status).toBe(401);
  });

  it("refuses state changes and socket upgrades from other origins (CSRF, socket hijacking)", async () => {
    const t = await makeTenant();
    const cookie = await login(t.emails.alice);
    for (const origin of ["https://evil.example", "http://parley.test", ""]) {
      const post = await api("/api/console/status", { method: "POST", cookie, body: { status: "online" }, headers: { origin } });
      expect(post.status, origin).toBe(403);
      expect(((await post.json()) as any).error.code).toBe("cross_origin_refused");
      const ws = await api("/api/console/ws", { cookie, headers: { origin, upgrade: "websocket" } });
      expect(ws.status, origin).toBe(403);
    }
    expect((await api("/api/console/status", { method: "POST", cookie, body: { status: "online" }, headers: { origin: ORIGIN } })).status).toBe(200);
  });

  it("keeps administration to site administrators", async () => {
    const t = await makeTenant();
    const agent = await login(t.emails.alice);
    for (const [method, path] of [
      ["GET", "/api/admin/users"],
      ["POST", "/api/admin/departments"],
      ["GET", "/api/admin/widget"],
    ] as const) {
      const res = await api(path, { method, cookie: agent, ...(method === "POST" ? { body: { name: "X" } } : {}) });
      expect(res.status, path).toBe(403);
    }
    expect((await api("/api/admin/users")).status).toBe(401);
  });

  it("never lets the last site administrator be demoted or disabled", async () => {
    const t = await makeTenant();
    const admin = await login(t.emails.admin);
    const res = await api(`/api/admin/users/${t.users[t.emails.admin]}`, { method: "PATCH", cookie: admin, body: { role: "agent" } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as any).error.code).toBe("last_admin");
  });
});

describe("credential changes reach sockets that are already open", () => {
  it("signing out closes that session's sockets and no other session's", async () => {
    const t = await makeTenant();
    const [first, second] = [await login(t.emails.alice), await login(t.emails.alice)];
    const [lobby1, lobby2] = [await lobbySocket(first), await lobbySocket(second)];
    try {
      expect((await api("/api/auth/logout", { method: "POST", cookie: first })).status).toBe(204);
      expect(await lobby1.waitClosed()).toEqual({ code: 4401, reason: "signed out" });
      await new Promise((r) => setTimeout(r, 100));
      expect(lobby2.closed).toBeNull();
    } finally {
      lobby1.close();
      lobby2.close();
    }
  });

  it("disabling an agent closes their lobby and chat sockets at once", async () => {
    const t = await makeTenant();
    const [alice, admin] = [await login(t.emails.alice), await login(t.emails.admin)];
    const lobby = await goOnline(alice);
    const chat = await startChat(t);
    await api(`/api/console/chats/${chat.chatId}/accept`, { method: "POST", cookie: alice });
    const agent = await agentSocket(chat.chatId, alice);
    try {
      await agent.next(isType("welcome"));
      await api(`/api/admin/users/${t.users[t.emails.alice]}`, { method: "PATCH", cookie: admin, body: { disabled: true } });
      expect((await lobby.waitClosed()).code).toBe(4401);
      expect((await agent.waitClosed()).code).toBe(4401);
      const again = await api("/api/console/ws", { cookie: alice, headers: { upgrade: "websocket" } });
      expect(again.status).toBe(401);
    } finally {
      lobby.close();
      agent.close();
    }
  });

  it("changing an agent's departments makes their console reconnect and see the new queue", async () => {
    const t = await makeTenant();
    const [alice, admin] = [await login(t.emails.alice), await login(t.emails.admin)];
    const lobby = await goOnline(alice);
    const bobLobby = await goOnline(await login(t.emails.bob)); // someone online in Support
    let lobby2: Awaited<ReturnType<typeof lobbySocket>> | undefined;
    try {
      const support = await startChat(t, "Support", "for support");
      await api(`/api/admin/users/${t.users[t.emails.alice]}`, { method: "PATCH", cookie: admin, body: { departmentIds: [t.departments.Support] } });
      expect((await lobby.waitClosed()).code).toBe(1012);
      lobby2 = await lobbySocket(alice);
      await lobby2.next((f) => f.type === "queue" && f.chats.some((c) => c.chatId === support.chatId));
    } finally {
      lobby.close();
      bobLobby.close();
      lobby2?.close();
    }
  });
});
