import { describe, expect, it } from "vitest";
import { agentSocket, api, goOnline, isType, login, makeTenant, msgWithBody, startChat, visitorSocket, trackSockets } from "./helpers";

const track = trackSockets();

describe("queue, presence and routing", () => {
  it("offers the offline form when no agent of the department is online, and the message reaches the console", async () => {
    const t = await makeTenant();
    const config = (await (await api(`/api/widget/config?key=${t.key}`)).json()) as any;
    expect(config.departments.every((d: any) => d.online === false)).toBe(true);

    const refused = await api("/api/widget/chats", { method: "POST", body: { key: t.key, departmentId: t.departments.Sales, message: "anyone?" } });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as any).error.code).toBe("no_agents_online");

    const left = await api("/api/widget/offline", {
      method: "POST",
      body: { key: t.key, departmentId: t.departments.Sales, name: "Olga", email: "olga@example.com", message: "Please call me back" },
    });
    expect(left.status).toBe(201);
    const alice = await login(t.emails.alice);
    const inbox = (await (await api("/api/console/offline-messages", { cookie: alice })).json()) as any;
    expect(inbox.messages).toMatchObject([{ name: "Olga", email: "olga@example.com", message: "Please call me back", departmentName: "Sales" }]);
  });

  it("an agent who is away or has no console open does not count as online", async () => {
    const t = await makeTenant();
    const alice = await login(t.emails.alice);
    const lobby = track(await goOnline(alice));
    let config = (await (await api(`/api/widget/config?key=${t.key}`)).json()) as any;
    expect(config.departments.find((d: any) => d.name === "Sales").online).toBe(true);
    expect(config.departments.find((d: any) => d.name === "Support").online).toBe(false);

    await api("/api/console/status", { method: "POST", cookie: alice, body: { status: "away" } });
    config = (await (await api(`/api/widget/config?key=${t.key}`)).json()) as any;
    expect(config.departments.find((d: any) => d.name === "Sales").online).toBe(false);

    await api("/api/console/status", { method: "POST", cookie: alice, body: { status: "online" } });
    lobby.close();
    await lobby.waitClosed();
    await new Promise((r) => setTimeout(r, 100));
    config = (await (await api(`/api/widget/config?key=${t.key}`)).json()) as any;
    expect(config.departments.find((d: any) => d.name === "Sales").online).toBe(false);
  });

  it("lets exactly one of several concurrent accepts win", async () => {
    const t = await makeTenant();
    const [alice, bob] = [await login(t.emails.alice), await login(t.emails.bob)];
    track(await goOnline(alice));
    track(await goOnline(bob));
    const chat = await startChat(t);
    const results = await Promise.all(
      [alice, bob, alice, bob, alice, bob].map((cookie) => api(`/api/console/chats/${chat.chatId}/accept`, { method: "POST", cookie })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
  });

  it("shows each agent only the queue of their departments and refuses accepts from other departments", async () => {
    const t = await makeTenant();
    const [alice, bob] = [await login(t.emails.alice), await login(t.emails.bob)];
    const aliceLobby = track(await goOnline(alice));
    const bobLobby = track(await goOnline(bob));
    const support = await startChat(t, "Support", "support question");
    await bobLobby.next((f) => f.type === "queue" && f.chats.some((c) => c.chatId === support.chatId));
    await aliceLobby.next((f) => f.type === "presence");
    expect(aliceLobby.frames.some((f) => f.type === "queue" && f.chats.some((c) => c.chatId === support.chatId))).toBe(false);
    const res = await api(`/api/console/chats/${support.chatId}/accept`, { method: "POST", cookie: alice });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.code).toBe("not_your_department");
  });

  it("transfers a chat to another agent and then to a department queue", async () => {
    const t = await makeTenant();
    const [alice, bob] = [await login(t.emails.alice), await login(t.emails.bob)];
    track(await goOnline(alice));
    const bobLobby = track(await goOnline(bob));
    const chat = await startChat(t);
    await api(`/api/console/chats/${chat.chatId}/accept`, { method: "POST", cookie: alice });
    const visitor = track(await visitorSocket(chat.chatId, chat.token));
    const aliceChat = track(await agentSocket(chat.chatId, alice));
    await aliceChat.next(isType("welcome"));

    const res = await api(`/api/console/chats/${chat.chatId}/transfer`, { method: "POST", cookie: alice, body: { agentId: t.users[t.emails.bob] } });
    expect(res.status).toBe(200);
    expect((await aliceChat.waitClosed()).code).toBe(4403);
    await visitor.next(msgWithBody("Chat transferred to Bob Agent"));
    await bobLobby.next((f) => f.type === "assigned" && f.chats.some((c) => c.chatId === chat.chatId));

    // Alice no longer holds it: she can neither end nor transfer it.
    expect((await api(`/api/console/chats/${chat.chatId}/end`, { method: "POST", cookie: alice })).status).toBe(403);
    const bobChat = track(await agentSocket(chat.chatId, bob));
    bobChat.send({ type: "msg", clientId: "b1", body: "Bob here" });
    await visitor.next(msgWithBody("Bob here"));

    const toDept = await api(`/api/console/chats/${chat.chatId}/transfer`, { method: "POST", cookie: bob, body: { departmentId: t.departments.Support } });
    expect(toDept.status).toBe(200);
    await visitor.next((f) => f.type === "status" && f.chat.status === "queued" && f.chat.departmentId === t.departments.Support);
    await bobLobby.next((f) => f.type === "queue" && f.chats.some((c) => c.chatId === chat.chatId && c.departmentId === t.departments.Support));
  });

  it("rejects transfer bodies that name both or neither target", async () => {
    const t = await makeTenant();
    const alice = await login(t.emails.alice);
    for (const body of [{}, { agentId: "u_x", departmentId: "d_y" }]) {
      const res = await api(`/api/console/chats/c_whatever/transfer`, { method: "POST", cookie: alice, body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error.code).toBe("invalid_request");
    }
  });

  it("an agent can end a chat they hold; the visitor is told and the transcript is stored", async () => {
    const t = await makeTenant();
    const alice = await login(t.emails.alice);
    track(await goOnline(alice));
    const chat = await startChat(t);
    await api(`/api/console/chats/${chat.chatId}/accept`, { method: "POST", cookie: alice });
    const visitor = track(await visitorSocket(chat.chatId, chat.token));
    await visitor.next(isType("welcome"));
    expect((await api(`/api/console/chats/${chat.chatId}/end`, { method: "POST", cookie: alice })).status).toBe(200);
    const ended = await visitor.next(isType("ended"));
    expect(ended.by).toBe("agent");
    const state = (await (await api("/api/console/state", { cookie: alice })).json()) as any;
    expect(state.assigned).toEqual([]);
    const list = (await (await api(`/api/console/transcripts?agentId=${t.users[t.emails.alice]}`, { cookie: alice })).json()) as any;
    expect(list.transcripts.map((x: any) => x.id)).toEqual([chat.chatId]);
    // A second survey, or one for a chat that never ended, is refused.
    const s1 = await api(`/api/widget/chats/${chat.chatId}/survey`, { method: "POST", headers: { authorization: `Bearer ${chat.token}` }, body: { rating: 4 } });
    const s2 = await api(`/api/widget/chats/${chat.chatId}/survey`, { method: "POST", headers: { authorization: `Bearer ${chat.token}` }, body: { rating: 1 } });
    expect([s1.status, s2.status]).toEqual([204, 409]);
  });

  it("an agent holds several chats at once, each with its own conversation", async () => {
    const t = await makeTenant();
    const alice = await login(t.emails.alice);
    const lobby = track(await goOnline(alice));
    const chats = [await startChat(t, "Sales", "first visitor"), await startChat(t, "Sales", "second visitor")];
    for (const c of chats) expect((await api(`/api/console/chats/${c.chatId}/accept`, { method: "POST", cookie: alice })).status).toBe(200);
    await lobby.next((f) => f.type === "assigned" && f.chats.length === 2);
    const [v1, v2] = [track(await visitorSocket(chats[0]!.chatId, chats[0]!.token)), track(await visitorSocket(chats[1]!.chatId, chats[1]!.token))];
    const [a1, a2] = [track(await agentSocket(chats[0]!.chatId, alice)), track(await agentSocket(chats[1]!.chatId, alice))];
    a1.send({ type: "msg", clientId: "x1", body: "to the first" });
    a2.send({ type: "msg", clientId: "x2", body: "to the second" });
    await v1.next(msgWithBody("to the first"));
    await v2.next(msgWithBody("to the second"));
    expect(v1.frames.some((f) => f.type === "msg" && f.message.body === "to the second")).toBe(false);
    expect(v2.frames.some((f) => f.type === "msg" && f.message.body === "to the first")).toBe(false);
    const presence = await lobby.next((f) => f.type === "presence" && f.agents.some((a) => a.activeChats === 2));
    expect(presence.type === "presence" && presence.agents.find((a) => a.name === "Alice Agent")?.activeChats).toBe(2);
  });
});
