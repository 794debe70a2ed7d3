import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, type SecurityPolicy } from "../core/password-policy";
import { totpCode } from "../core/totp";
import { agentSocket, api, goOnline, isType, lobbySocket, login, makeTenant, PASSWORD, startChat, type TestTenant } from "./helpers";

const GOOD = "a brand new long passphrase 42";
const ip = () => `10.9.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}`;
const signIn = (email: string, password: string) => api("/api/auth/login", { method: "POST", body: { email, password }, headers: { "cf-connecting-ip": ip() } });
const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0]!;

async function setPolicy(t: TestTenant, change: (p: SecurityPolicy) => SecurityPolicy) {
  const admin = await login(t.emails.admin);
  const res = await api("/api/admin/security/policy", { method: "PUT", cookie: admin, body: change(structuredClone(DEFAULT_POLICY)) });
  expect(res.status).toBe(200);
}

async function invite(t: TestTenant, email = `new-${crypto.randomUUID().slice(0, 8)}@example.com`) {
  const admin = await login(t.emails.admin);
  const res = await api("/api/admin/users/invite", { method: "POST", cookie: admin, body: { email, name: "Nina New", role: "agent", departmentIds: [t.departments.Sales] } });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { user: { id: string }; link: string };
  return { email, userId: body.user.id, token: body.link.split("#invite=")[1]!, admin };
}

describe("invitations and one-time links", () => {
  it("an invited user chooses a policy-compliant password once, then signs in", async () => {
    const t = await makeTenant();
    const { email, token } = await invite(t);
    expect((await signIn(email, "anything at all here")).status).toBe(401);

    const peek = await api("/api/auth/links/peek", { method: "POST", body: { token } });
    expect(await peek.json()).toMatchObject({ purpose: "invite", email, password: { minLength: 12, blocklist: true } });

    const weak = await api("/api/auth/links/complete", { method: "POST", body: { token, password: "Password123!" } });
    expect(weak.status).toBe(400);
    const problems = ((await weak.json()) as any).error.issues.map((i: any) => i.message).join(" ");
    expect(problems).toMatch(/common/);

    expect((await api("/api/auth/links/complete", { method: "POST", body: { token, password: GOOD } })).status).toBe(204);
    expect((await api("/api/auth/links/complete", { method: "POST", body: { token, password: GOOD + "x" } })).status).toBe(404);
    const res = await signIn(email, GOOD);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).stage).toBe("active");

    const events = (await (await api("/api/admin/security/events", { cookie: await login(t.emails.admin) })).json()) as any;
    expect(events.events.map((e: any) => e.action)).toEqual(expect.arrayContaining(["user.invited", "password.set_by_invite", "sign_in.password_ok"]));
    expect(JSON.stringify(events)).not.toContain(GOOD);
  });

  it("stores only a hash of link tokens, and an administrator's reset kills the old password", async () => {
    const t = await makeTenant();
    const { token } = await invite(t);
    const rows = await env.DB.prepare("SELECT token_hash FROM one_time_tokens WHERE tenant_id = ?").bind(t.tenantId).all<{ token_hash: string }>();
    expect(rows.results.some((r) => r.token_hash === token)).toBe(false);

    const admin = await login(t.emails.admin);
    const reset = await api(`/api/admin/users/${t.users[t.emails.bob]}/reset-password`, { method: "POST", cookie: admin });
    expect(reset.status).toBe(200);
    const link = ((await reset.json()) as any).link as string;
    expect((await signIn(t.emails.bob, PASSWORD)).status).toBe(401);
    const resetToken = link.split("#reset=")[1]!;
    expect((await api("/api/auth/links/complete", { method: "POST", body: { token: resetToken, password: GOOD } })).status).toBe(204);
    expect((await signIn(t.emails.bob, GOOD)).status).toBe(200);
  });
});

describe("lockout", () => {
  it("locks after the configured failures, even for the right password, until an administrator unlocks", async () => {
    const t = await makeTenant();
    for (let i = 0; i < 10; i++) expect((await signIn(t.emails.bob, `wrong ${i}`)).status).toBe(401);
    const right = await signIn(t.emails.bob, PASSWORD);
    expect(right.status).toBe(401);
    // The answer is the same as for a wrong password: it does not tell an attacker the account exists.
    expect(((await right.json()) as any).error.code).toBe("invalid_credentials");

    const admin = await login(t.emails.admin);
    const events = (await (await api("/api/admin/security/events", { cookie: admin })).json()) as any;
    const actions = events.events.map((e: any) => e.action);
    expect(actions.filter((a: string) => a === "account.locked")).toHaveLength(1);
    expect(actions).toContain("sign_in.refused_locked");
    const users = (await (await api("/api/admin/users", { cookie: admin })).json()) as any;
    expect(users.users.find((u: any) => u.email === t.emails.bob).locked).toBe(true);
    expect((await api(`/api/admin/users/${t.users[t.emails.bob]}/unlock`, { method: "POST", cookie: admin })).status).toBe(200);
    expect((await signIn(t.emails.bob, PASSWORD)).status).toBe(200);
  });

  it("concurrent wrong guesses never check more passwords than the limit", async () => {
    const t = await makeTenant();
    await setPolicy(t, (p) => ({ ...p, lockout: { maxAttempts: 5, lockMinutes: 30 } }));
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(t.emails.bob, `guess ${i}`)));
    expect(results.every((r) => r.status === 401)).toBe(true);
    const checked = await env.DB.prepare("SELECT COUNT(*) AS n FROM security_events WHERE tenant_id = ? AND action = 'sign_in.failed'").bind(t.tenantId).first<{ n: number }>();
    expect(checked!.n).toBeLessThanOrEqual(5);
    const row = await env.DB.prepare("SELECT failed_attempts, locked_until FROM users WHERE id = ?").bind(t.users[t.emails.bob]).first<any>();
    expect(row.failed_attempts).toBe(5);
    expect(row.locked_until).toBeGreaterThan(Date.now());
  });

  it("a timed lock lifts by itself once its time has passed", async () => {
    const t = await makeTenant();
    for (let i = 0; i < 10; i++) await signIn(t.emails.bob, `wrong ${i}`);
    await env.DB.prepare("UPDATE users SET locked_until = ? WHERE id = ?").bind(Date.now() - 1, t.users[t.emails.bob]).run();
    expect((await signIn(t.emails.bob, PASSWORD)).status).toBe(200);
  });
});

describe("password policy", () => {
  it("refuses reuse of recent passwords and forces a change when the password expired", async () => {
    const t = await makeTenant();
    await setPolicy(t, (p) => ({ ...p, password: { ...p.password, history: 3, expiryDays: 30 } }));
    await env.DB.prepare("UPDATE users SET password_changed_at = ? WHERE id = ?").bind(Date.now() - 31 * 86_400_000, t.users[t.emails.bob]).run();

    const res = await signIn(t.emails.bob, PASSWORD);
    expect(((await res.json()) as any).stage).toBe("password_change");
    const cookie = cookieOf(res);
    const blocked = await api("/api/console/state", { cookie });
    expect(blocked.status).toBe(403);
    expect(((await blocked.json()) as any).error.code).toBe("sign_in_incomplete");

    const same = await api("/api/auth/password", { method: "POST", cookie, body: { currentPassword: PASSWORD, newPassword: PASSWORD } });
    expect(same.status).toBe(400);
    expect(JSON.stringify(await same.json())).toMatch(/last 3 passwords/);
    const changed = await api("/api/auth/password", { method: "POST", cookie, body: { currentPassword: PASSWORD, newPassword: GOOD } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as any).stage).toBe("active");
    // The session id changed with the stage: the old cookie is dead, the new one works.
    expect((await api("/api/console/state", { cookie })).status).toBe(401);
    expect((await api("/api/console/state", { cookie: cookieOf(changed) })).status).toBe(200);
  });

  it("never accepts the current password as the new one, even without a history rule", async () => {
    const t = await makeTenant();
    const cookie = await login(t.emails.bob);
    const same = await api("/api/auth/password", { method: "POST", cookie, body: { currentPassword: PASSWORD, newPassword: PASSWORD } });
    expect(same.status).toBe(400);
    expect(JSON.stringify(await same.json())).toMatch(/differ from your current password/);
  });

  it("applies the PCI DSS 4.0 profile", async () => {
    const t = await makeTenant();
    const res = await api("/api/admin/security/policy/pci", { method: "POST", cookie: await login(t.emails.admin) });
    const { policy } = (await res.json()) as { policy: SecurityPolicy };
    expect(policy.password).toMatchObject({ minLength: 12, requireDigit: true, history: 4, expiryDays: 90, blocklist: true });
    expect(policy.lockout.maxAttempts).toBeLessThanOrEqual(10);
    expect(policy.lockout.lockMinutes === 0 || policy.lockout.lockMinutes >= 30).toBe(true);
    expect(policy.sessions.idleMinutes).toBeLessThanOrEqual(15);
  });
});

describe("two-step sign-in (TOTP)", () => {
  async function enrol(t: TestTenant, email: string, password = PASSWORD) {
    const cookie = cookieOf(await signIn(email, password));
    const setup = (await (await api("/api/auth/mfa/setup", { method: "POST", cookie })).json()) as { secret: string; otpauthUri: string };
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const usedCode = await totpCode(setup.secret, Date.now());
    const enabled = await api("/api/auth/mfa/enable", { method: "POST", cookie, body: { code: usedCode } });
    expect(enabled.status).toBe(200);
    const body = (await enabled.json()) as { recoveryCodes: string[] };
    expect(body.recoveryCodes).toHaveLength(10);
    return { secret: setup.secret, recoveryCodes: body.recoveryCodes, usedCode };
  }

  it("asks for the code at sign-in, refuses wrong and replayed codes, and accepts a recovery code once", async () => {
    const t = await makeTenant();
    const { secret, recoveryCodes, usedCode } = await enrol(t, t.emails.bob);
    const res = await signIn(t.emails.bob, PASSWORD);
    expect(((await res.json()) as any).stage).toBe("mfa");
    const cookie = cookieOf(res);
    expect((await api("/api/console/state", { cookie })).status).toBe(403);
    expect((await api("/api/auth/mfa", { method: "POST", cookie, body: { code: "000000" } })).status).toBe(401);
    // The code accepted at enrolment cannot be used again, even within its time window.
    expect((await api("/api/auth/mfa", { method: "POST", cookie, body: { code: usedCode } })).status).toBe(401);
    // The next time step's code (still inside the ±1 step window) is accepted.
    const done = await api("/api/auth/mfa", { method: "POST", cookie, body: { code: await totpCode(secret, Date.now() + 30_000) } });
    expect(done.status).toBe(200);
    expect((await api("/api/console/state", { cookie: cookieOf(done) })).status).toBe(200);

    const again = cookieOf(await signIn(t.emails.bob, PASSWORD));
    const rec = await api("/api/auth/mfa", { method: "POST", cookie: again, body: { code: recoveryCodes[0] } });
    expect(rec.status).toBe(200);
    const third = cookieOf(await signIn(t.emails.bob, PASSWORD));
    expect((await api("/api/auth/mfa", { method: "POST", cookie: third, body: { code: recoveryCodes[0] } })).status).toBe(401);
  });

  it("a policy that requires MFA for a role sends its users to enrolment, and they cannot turn it off", async () => {
    const t = await makeTenant();
    await setPolicy(t, (p) => ({ ...p, mfa: { required: "roles", roles: ["agent"] } }));
    const res = await signIn(t.emails.alice, PASSWORD);
    expect(((await res.json()) as any).stage).toBe("mfa_enroll");
    expect((await api("/api/console/state", { cookie: cookieOf(res) })).status).toBe(403);
    // Administrators are not in the chosen roles.
    expect(((await (await signIn(t.emails.admin, PASSWORD)).json()) as any).stage).toBe("active");

    const cookie = cookieOf(res);
    const setup = (await (await api("/api/auth/mfa/setup", { method: "POST", cookie })).json()) as { secret: string };
    const enabled = await api("/api/auth/mfa/enable", { method: "POST", cookie, body: { code: await totpCode(setup.secret, Date.now()) } });
    expect(((await enabled.json()) as any).stage).toBe("active");
    const off = await api("/api/auth/mfa/disable", { method: "POST", cookie: cookieOf(enabled), body: { password: PASSWORD } });
    expect(off.status).toBe(409);
  });

  it("an administrator can reset a user's MFA", async () => {
    const t = await makeTenant();
    await enrol(t, t.emails.bob);
    const admin = await login(t.emails.admin);
    expect((await api(`/api/admin/users/${t.users[t.emails.bob]}/reset-mfa`, { method: "POST", cookie: admin })).status).toBe(200);
    expect(((await (await signIn(t.emails.bob, PASSWORD)).json()) as any).stage).toBe("active");
  });
});

describe("session timeouts", () => {
  it("ends a session after the idle timeout and after the absolute timeout", async () => {
    const t = await makeTenant();
    const idle = await login(t.emails.bob);
    const old = await login(t.emails.alice);
    await env.DB.prepare("UPDATE sessions SET last_seen_at = ? WHERE user_id = ?").bind(Date.now() - 31 * 60_000, t.users[t.emails.bob]).run();
    await env.DB.prepare("UPDATE sessions SET created_at = ?, last_seen_at = ? WHERE user_id = ?").bind(Date.now() - 13 * 3_600_000, Date.now(), t.users[t.emails.alice]).run();
    for (const cookie of [idle, old]) {
      const res = await api("/api/console/state", { cookie });
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error.code).toBe("session_expired");
    }
  });

  it("gives every sign-in a new session id, and sign-out-everywhere ends them all", async () => {
    const t = await makeTenant();
    const [a, b] = [await login(t.emails.bob), await login(t.emails.bob)];
    expect(a).not.toBe(b);
    expect((await api("/api/auth/sign-out-everywhere", { method: "POST", cookie: a })).status).toBe(204);
    expect((await api("/api/auth/me", { cookie: b })).status).toBe(401);
  });
});

describe("sessions and open sockets", () => {
  it("the tenant actor closes console sockets whose session went idle", async () => {
    const t = await makeTenant();
    const cookie = await login(t.emails.bob);
    const lobby = await lobbySocket(cookie);
    try {
      await lobby.next((f) => f.type === "queue");
      await env.DB.prepare("UPDATE sessions SET last_seen_at = ? WHERE user_id = ?").bind(Date.now() - 31 * 60_000, t.users[t.emails.bob]).run();
      expect(await runDurableObjectAlarm(env.TENANT.get(env.TENANT.idFromName(t.tenantId)))).toBe(true);
      expect(await lobby.waitClosed()).toEqual({ code: 4401, reason: "session expired" });
    } finally {
      lobby.close();
    }
  });

  it("what an agent sends in a chat counts as activity for the idle timeout", async () => {
    const t = await makeTenant();
    const cookie = await login(t.emails.alice);
    const lobby = await goOnline(cookie);
    const chat = await startChat(t);
    await api(`/api/console/chats/${chat.chatId}/accept`, { method: "POST", cookie });
    const agent = await agentSocket(chat.chatId, cookie);
    try {
      await agent.next(isType("welcome"));
      const old = Date.now() - 20 * 60_000;
      await env.DB.prepare("UPDATE sessions SET last_seen_at = ? WHERE user_id = ?").bind(old, t.users[t.emails.alice]).run();
      agent.send({ type: "msg", clientId: "active", body: "still here" });
      await agent.next(isType("ack"));
      const row = await env.DB.prepare("SELECT last_seen_at FROM sessions WHERE user_id = ? AND revoked_at IS NULL").bind(t.users[t.emails.alice]).first<{ last_seen_at: number }>();
      expect(row!.last_seen_at).toBeGreaterThan(old);
    } finally {
      lobby.close();
      agent.close();
    }
  });

  it("department managers see only the agents of their departments", async () => {
    const t = await makeTenant();
    // Everyone opens the console once, so the tenant actor knows them all.
    for (const email of [t.emails.admin, t.emails.alice, t.emails.bob]) await api("/api/console/state", { cookie: await login(email) });
    const admin = (await (await api("/api/console/state", { cookie: await login(t.emails.admin) })).json()) as any;
    expect(admin.agents.map((a: any) => a.name)).toContain("Ada Admin");
    const dm = (await (await api("/api/console/state", { cookie: await login(t.emails.dm) })).json()) as any;
    const names = dm.agents.map((a: any) => a.name).sort();
    expect(names).toEqual(["Alice Agent", "Bob Agent", "Dora Deptmanager"]);
  });
});
