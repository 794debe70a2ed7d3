import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_CHAT_SETTINGS } from "../core/chat-settings";
import {
  api,
  goOnline,
  isType,
  liveChat as liveChatWith,
  login,
  makeTenant,
  msgWithBody,
  setChatSettings as setSettings,
  startChat,
  trackSockets,
  visitorSocket,
  type TestTenant,
} from "./helpers";

const track = trackSockets();
const CARD = "4111 1111 1111 1111";
const MASKED_CARD = "[card ····1111]";

const liveChat = (t: TestTenant, ip?: string, message?: string) => liveChatWith(t, track, { ...(ip ? { ip } : {}), ...(message ? { message } : {}) });

const transcript = async (cookie: string, id: string) => ((await (await api(`/api/console/transcripts/${id}`, { cookie })).json()) as any).transcript;

describe("masking during chat", () => {
  it("masks before fan-out and storage, so nobody ever sees the card number", async () => {
    const t = await makeTenant();
    const { alice, chat, visitor, agent } = await liveChat(t, "198.51.100.1", `my card is ${CARD}`);
    await agent.next(msgWithBody(`my card is ${MASKED_CARD}`));
    visitor.send({ type: "msg", clientId: "v1", body: "ssn 123-45-6789 please" });
    await agent.next(msgWithBody("ssn [SSN] please"));
    // The sender's own acknowledgement carries the stored, masked text.
    expect((await visitor.next(isType("ack"))).body).toBe("ssn [SSN] please");
    // The visitor's own replay shows the masked text too: the original was never stored.
    const replay = track(await visitorSocket(chat.chatId, chat.token));
    await replay.next(msgWithBody("ssn [SSN] please"));
    expect(JSON.stringify(replay.frames)).not.toContain("4111");
    expect(JSON.stringify(replay.frames)).not.toContain("6789");
    // The queue preview was masked as well.
    const admin = await login(t.emails.admin);
    await api(`/api/console/chats/${chat.chatId}/end`, { method: "POST", cookie: alice });
    expect(JSON.stringify(await transcript(admin, chat.chatId))).not.toMatch(/4111 1111|123-45-6789/);
  });

  it("a settings change reaches a chat already in progress", async () => {
    const t = await makeTenant();
    const { visitor, agent } = await liveChat(t);
    visitor.send({ type: "msg", clientId: "b1", body: "born 03/04/1985" });
    await agent.next(msgWithBody("born 03/04/1985")); // birth dates are not masked by default
    await setSettings(t, (s) => {
      s.visitor.maskBirthDates = true;
    });
    visitor.send({ type: "msg", clientId: "b2", body: "born 03/04/1985 again" });
    await agent.next(msgWithBody("born [date of birth] again"), 8000);
  });
});

describe("storage settings", () => {
  it("masks the archive even when live masking is off", async () => {
    const t = await makeTenant();
    await setSettings(t, (s) => {
      s.visitor.maskCards = false;
    });
    const { alice, chat, visitor, agent } = await liveChat(t);
    visitor.send({ type: "msg", clientId: "c1", body: `card ${CARD}` });
    await agent.next(msgWithBody(`card ${CARD}`));
    await api(`/api/console/chats/${chat.chatId}/end`, { method: "POST", cookie: alice });
    const kept = await transcript(await login(t.emails.admin), chat.chatId);
    expect(kept.messages.map((m: any) => m.body)).toContain(`card ${MASKED_CARD}`);
  });

  it("with archival disabled keeps only metadata; with identity storage disabled drops name and e-mail", async () => {
    const t = await makeTenant();
    await setSettings(t, (s) => {
      s.storage.disableArchival = true;
    });
    const first = await liveChat(t);
    await api(`/api/console/chats/${first.chat.chatId}/end`, { method: "POST", cookie: first.alice });
    const row = await env.DB.prepare("SELECT storage, body_enc, visitor_name_enc, visitor_email_enc, agents FROM transcripts LEFT JOIN (SELECT transcript_id, COUNT(*) AS agents FROM transcript_agents GROUP BY transcript_id) a ON a.transcript_id = id WHERE id = ?")
      .bind(first.chat.chatId)
      .first<any>();
    expect(row).toMatchObject({ storage: "metadata", body_enc: null, visitor_name_enc: null, visitor_email_enc: null, agents: 1 });
    const survey = await api(`/api/widget/chats/${first.chat.chatId}/survey`, { method: "POST", headers: { authorization: `Bearer ${first.chat.token}` }, body: { rating: 5, comment: "nice" } });
    expect(survey.status).toBe(204);
    expect(await env.DB.prepare("SELECT rating, survey_comment_enc FROM transcripts WHERE id = ?").bind(first.chat.chatId).first()).toEqual({ rating: null, survey_comment_enc: null });

    await setSettings(t, (s) => {
      s.storage.disableVisitorIdentity = true;
    });
    const second = await liveChat(t, "198.51.100.2");
    await api(`/api/console/chats/${second.chat.chatId}/end`, { method: "POST", cookie: second.alice });
    const kept = await transcript(await login(t.emails.admin), second.chat.chatId);
    expect(kept.visitorName).toBe("Visitor");
    expect(kept.visitorEmail).toBeNull();
    expect(kept.messages.length).toBeGreaterThan(0);
  });

  it("masks offline messages before they are stored", async () => {
    const t = await makeTenant();
    const res = await api("/api/widget/offline", { method: "POST", body: { key: t.key, departmentId: t.departments.Sales, name: "O", email: "o@example.com", message: `refund to ${CARD}` } });
    expect(res.status).toBe(201);
    const inbox = (await (await api("/api/console/offline-messages", { cookie: await login(t.emails.alice) })).json()) as any;
    expect(inbox.messages[0].message).toBe(`refund to ${MASKED_CARD}`);
  });
});

describe("agent settings are enforced by the server", () => {
  it("reject queued chats: refused when off; when on the chat leaves only my queue", async () => {
    const t = await makeTenant();
    const [alice, bob] = [await login(t.emails.alice), await login(t.emails.bob)];
    const aliceLobby = track(await goOnline(alice));
    const bobLobby = track(await goOnline(bob));
    const chat = await startChat(t);
    expect((await api(`/api/console/chats/${chat.chatId}/reject`, { method: "POST", cookie: alice })).status).toBe(200);
    await aliceLobby.next((f) => f.type === "queue" && !f.chats.some((c) => c.chatId === chat.chatId));
    const bobState = (await (await api("/api/console/state", { cookie: bob })).json()) as any;
    expect(bobState.queue.map((q: any) => q.chatId)).toContain(chat.chatId);
    expect(bobLobby.closed).toBeNull();

    // When the last online agent who could take it declines too, it comes back to everyone.
    expect((await api(`/api/console/chats/${chat.chatId}/reject`, { method: "POST", cookie: bob })).status).toBe(200);
    const aliceState = (await (await api("/api/console/state", { cookie: alice })).json()) as any;
    expect(aliceState.queue.map((q: any) => q.chatId)).toContain(chat.chatId);

    await setSettings(t, (s) => {
      s.agent.agent.rejectQueued = false;
    });
    const res = await api(`/api/console/chats/${chat.chatId}/reject`, { method: "POST", cookie: bob });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.code).toBe("disabled_by_policy");
  });

  it("delete transcripts: agents may not by default, administrators may", async () => {
    const t = await makeTenant();
    const { alice, chat } = await liveChat(t);
    await api(`/api/console/chats/${chat.chatId}/end`, { method: "POST", cookie: alice });
    const refused = await api(`/api/console/transcripts/${chat.chatId}`, { method: "DELETE", cookie: alice });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).error.code).toBe("disabled_by_policy");
    const admin = await login(t.emails.admin);
    expect((await api(`/api/console/transcripts/${chat.chatId}`, { method: "DELETE", cookie: admin })).status).toBe(204);
    expect((await api(`/api/console/transcripts/${chat.chatId}`, { cookie: admin })).status).toBe(404);
  });

  it("e-mail transcripts: sent when allowed, refused when off", async () => {
    const t = await makeTenant();
    const { alice, chat } = await liveChat(t);
    await api(`/api/console/chats/${chat.chatId}/end`, { method: "POST", cookie: alice });
    expect((await api(`/api/console/transcripts/${chat.chatId}/email`, { method: "POST", cookie: alice, body: { to: "boss@example.com" } })).status).toBe(202);
    await setSettings(t, (s) => {
      s.agent.agent.emailTranscripts = false;
    });
    expect((await api(`/api/console/transcripts/${chat.chatId}/email`, { method: "POST", cookie: alice, body: { to: "boss@example.com" } })).status).toBe(403);
  });

  it("block visitors: the blocked address cannot start a chat or leave a message; refused when off", async () => {
    const t = await makeTenant();
    const { alice, chat, visitor } = await liveChat(t, "203.0.113.9");
    expect((await api(`/api/console/chats/${chat.chatId}/block`, { method: "POST", cookie: alice, body: { reason: "abusive" } })).status).toBe(200);
    await visitor.next(isType("ended"));
    const again = await api("/api/widget/chats", { method: "POST", headers: { "cf-connecting-ip": "203.0.113.9" }, body: { key: t.key, departmentId: t.departments.Sales, message: "let me in" } });
    expect(again.status).toBe(403);
    expect(((await again.json()) as any).error.code).toBe("visitor_blocked");
    const note = await api("/api/widget/offline", { method: "POST", headers: { "cf-connecting-ip": "203.0.113.9" }, body: { key: t.key, departmentId: t.departments.Sales, name: "X", email: "x@example.com", message: "hi" } });
    expect(note.status).toBe(403);
    const other = await api("/api/widget/chats", { method: "POST", headers: { "cf-connecting-ip": "203.0.113.10" }, body: { key: t.key, departmentId: t.departments.Sales, message: "hello" } });
    expect(other.status).toBe(201);
    // The address itself is never stored.
    expect(JSON.stringify(await env.DB.prepare("SELECT * FROM blocked_visitors").all())).not.toContain("203.0.113.9");

    await setSettings(t, (s) => {
      s.agent.agent.blockVisitors = false;
    });
    const second = await liveChat(t, "203.0.113.11");
    expect((await api(`/api/console/chats/${second.chat.chatId}/block`, { method: "POST", cookie: second.alice, body: {} })).status).toBe(403);
  });

  it("push pages: only when allowed and only to the tenant's domains", async () => {
    const t = await makeTenant();
    await setSettings(t, (s) => {
      s.pushDomains = ["acme.example"];
    });
    const { visitor, agent } = await liveChat(t);
    agent.send({ type: "push", clientId: "p1", url: "https://evil.example/login" });
    expect((await agent.next(isType("error"))).code).toBe("disabled_by_policy");
    agent.send({ type: "push", clientId: "p1b", url: `https://shop.acme.example/pay?card=${CARD.replaceAll(" ", "")}` });
    await agent.next(() => agent.frames.filter(isType("error")).length === 2);
    agent.send({ type: "push", clientId: "p2", url: "https://shop.acme.example/returns" });
    const pushed = await visitor.next((f) => f.type === "msg" && f.message.link !== undefined);
    expect(pushed.type === "msg" && pushed.message.link).toBe("https://shop.acme.example/returns");
    // A visitor cannot push.
    visitor.send({ type: "push", clientId: "p3", url: "https://acme.example/" });
    expect((await visitor.next(isType("error"))).code).toBe("chat_not_active");

    await setSettings(t, (s) => {
      s.pushDomains = ["acme.example"];
      s.agent.agent.pushPages = false;
    });
    const before = agent.frames.filter(isType("error")).length;
    agent.send({ type: "push", clientId: "p4", url: "https://acme.example/x" });
    await agent.next(() => agent.frames.filter(isType("error")).length > before, 8000);
    expect(agent.frames.filter(isType("error")).at(-1)?.code).toBe("disabled_by_policy");
  });
});

describe("settings administration", () => {
  it("records every change with old and new values, refuses unsafe masking rules, and offers a try-it preview", async () => {
    const t = await makeTenant();
    const admin = await setSettings(t, (s) => {
      s.visitor.maskBirthDates = true;
    });
    const events = (await (await api("/api/admin/security/events", { cookie: admin })).json()) as any;
    const change = events.events.find((e: any) => e.action === "settings.chat_changed");
    expect(change.detail.before.visitor.maskBirthDates).toBe(false);
    expect(change.detail.after.visitor.maskBirthDates).toBe(true);

    const unsafe = structuredClone(DEFAULT_CHAT_SETTINGS);
    unsafe.masking.custom = [{ name: "evil", pattern: "(a+)+$", replacement: "[x]" }];
    const refused = await api("/api/admin/settings/chat", { method: "PUT", cookie: admin, body: unsafe });
    expect(refused.status).toBe(400);

    const preview = await api("/api/admin/settings/masking/preview", {
      method: "POST",
      cookie: admin,
      body: { text: `card ${CARD}, born 03/04/1985, order ORD-12345`, settings: { ...DEFAULT_CHAT_SETTINGS, masking: { custom: [{ name: "orders", pattern: "ORD-\\d{5}", replacement: "[order]" }] } } },
    });
    const body = (await preview.json()) as any;
    expect(body.duringChat).toBe(`card ${MASKED_CARD}, born 03/04/1985, order [order]`);
    expect(body.archived).toBe(`card ${MASKED_CARD}, born [date of birth], order [order]`);
    expect((await api("/api/admin/settings/chat", { method: "PUT", cookie: await login(t.emails.manager), body: DEFAULT_CHAT_SETTINGS })).status).toBe(403);
  });
});
