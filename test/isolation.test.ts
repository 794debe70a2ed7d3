import { describe, expect, it } from "vitest";
import { agentSocket, api, goOnline, isType, login, makeTenant, startChat, visitorSocket, trackSockets } from "./helpers";

const track = trackSockets();

/** Two tenants, each with an ended chat (a transcript), a live chat and an offline message. */
async function twoTenants() {
  const [a, b] = [await makeTenant(), await makeTenant()];
  const out = [];
  for (const t of [a, b]) {
    const cookie = await login(t.emails.alice);
    const admin = await login(t.emails.admin);
    const lobby = track(await goOnline(cookie));
    const ended = await startChat(t, "Sales", `secret of ${t.tenantId}`);
    await api(`/api/console/chats/${ended.chatId}/accept`, { method: "POST", cookie });
    await api(`/api/console/chats/${ended.chatId}/end`, { method: "POST", cookie });
    const live = await startChat(t, "Sales", `live of ${t.tenantId}`);
    await api("/api/widget/offline", {
      method: "POST",
      body: { key: t.key, departmentId: t.departments.Sales, name: "N", email: "n@example.com", message: `offline of ${t.tenantId}` },
    });
    out.push({ t, cookie, admin, lobby, ended, live });
  }
  return out as [(typeof out)[0], (typeof out)[0]];
}

describe("tenant isolation", () => {
  it("no REST endpoint of tenant A reads or writes anything of tenant B", async () => {
    const [A, B] = await twoTenants();

    // Reads: A's lists hold only A's data; B's ids are not found.
    const list = (await (await api("/api/console/transcripts", { cookie: A.cookie })).json()) as any;
    expect(list.transcripts.map((x: any) => x.id)).toEqual([A.ended.chatId]);
    expect((await api(`/api/console/transcripts/${B.ended.chatId}`, { cookie: A.cookie })).status).toBe(404);
    const inbox = JSON.stringify(await (await api("/api/console/offline-messages", { cookie: A.cookie })).json());
    expect(inbox).toContain(`offline of ${A.t.tenantId}`);
    expect(inbox).not.toContain(B.t.tenantId);
    const state = JSON.stringify(await (await api("/api/console/state", { cookie: A.cookie })).json());
    expect(state).not.toContain(B.live.chatId);
    expect(state).not.toContain(B.t.departments.Sales);
    const users = JSON.stringify(await (await api("/api/admin/users", { cookie: A.admin })).json());
    expect(users).not.toContain(B.t.emails.alice);
    const depts = JSON.stringify(await (await api("/api/admin/departments", { cookie: A.admin })).json());
    expect(depts).not.toContain(B.t.departments.Sales);

    // Writes aimed at B's objects with A's credentials change nothing of B.
    expect((await api(`/api/console/chats/${B.live.chatId}/accept`, { method: "POST", cookie: A.cookie })).status).toBe(409);
    expect((await api(`/api/console/chats/${B.live.chatId}/end`, { method: "POST", cookie: A.cookie })).status).toBe(404);
    expect(
      (await api(`/api/console/chats/${B.live.chatId}/transfer`, { method: "POST", cookie: A.cookie, body: { departmentId: B.t.departments.Sales } })).status,
    ).toBe(404);
    expect((await api(`/api/admin/users/${B.t.users[B.t.emails.alice]}`, { method: "PATCH", cookie: A.admin, body: { disabled: true } })).status).toBe(404);
    expect((await api(`/api/admin/departments/${B.t.departments.Sales}`, { method: "PATCH", cookie: A.admin, body: { name: "Hijacked" } })).status).toBe(404);
    expect((await api(`/api/admin/departments/${B.t.departments.Sales}`, { method: "DELETE", cookie: A.admin })).status).toBe(404);
    // Assigning one of B's departments to an A user is silently impossible.
    const patched = (await (
      await api(`/api/admin/users/${A.t.users[A.t.emails.bob]}`, { method: "PATCH", cookie: A.admin, body: { departmentIds: [B.t.departments.Sales] } })
    ).json()) as any;
    expect(patched.user.departmentIds).toEqual([]);
    // A visitor of A cannot start a chat in B's department with A's key.
    expect((await api("/api/widget/chats", { method: "POST", body: { key: A.t.key, departmentId: B.t.departments.Sales, message: "x" } })).status).toBe(404);

    // B is untouched: its chat is still queued, its user enabled, its department named Sales.
    const bState = (await (await api("/api/console/state", { cookie: B.cookie })).json()) as any;
    expect(bState.queue.map((q: any) => q.chatId)).toContain(B.live.chatId);
    const bUsers = (await (await api("/api/admin/users", { cookie: B.admin })).json()) as any;
    expect(bUsers.users.find((u: any) => u.email === B.t.emails.alice).disabled).toBe(false);
    expect(((await (await api("/api/admin/departments", { cookie: B.admin })).json()) as any).departments.map((d: any) => d.name)).toContain("Sales");
  });

  it("no socket of tenant A reaches a chat or queue of tenant B", async () => {
    const [A, B] = await twoTenants();
    // A's agent on B's chat id lands on an empty actor of A's namespace: not found.
    const agent = track(await agentSocket(B.live.chatId, A.cookie));
    expect((await agent.waitClosed()).code).toBe(4404);
    // A's visitor token cannot open B's chat.
    const foreign = track(await visitorSocket(B.live.chatId, A.live.token));
    expect((await foreign.waitClosed()).code).toBe(4403);
    expect(foreign.frames).toEqual([]);
    // A's lobby never hears of B's queue.
    const another = await startChat(B.t, "Sales", "B only");
    await B.lobby.next((f) => f.type === "queue" && f.chats.some((c) => c.chatId === another.chatId));
    expect(JSON.stringify(A.lobby.frames)).not.toContain(another.chatId);
    // And A's visitor still works normally.
    const v = track(await visitorSocket(A.live.chatId, A.live.token));
    expect((await v.next(isType("welcome"))).chat.id).toBe(A.live.chatId);
  });
});
