import { abortAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ackFor, agentSocket, api, goOnline, isType, login, makeTenant, msgWithBody, startChat, visitorSocket, trackSockets } from "./helpers";

const track = trackSockets();

describe("actors restarting in the middle of a chat", () => {
  it("keeps every acknowledged message exactly once after abortAllDurableObjects()", async () => {
    const t = await makeTenant();
    const alice = await login(t.emails.alice);
    track(await goOnline(alice));
    const chat = await startChat(t, "Sales", "before the crash");
    expect((await api(`/api/console/chats/${chat.chatId}/accept`, { method: "POST", cookie: alice })).status).toBe(200);

    const visitor = track(await visitorSocket(chat.chatId, chat.token));
    const agent = track(await agentSocket(chat.chatId, alice));
    await agent.next(isType("welcome"));
    const acked: string[] = [];
    for (let i = 0; i < 5; i++) {
      visitor.send({ type: "msg", clientId: `v${i}`, body: `visitor ${i}` });
      agent.send({ type: "msg", clientId: `a${i}`, body: `agent ${i}` });
    }
    for (let i = 0; i < 5; i++) {
      await visitor.next((f) => f.type === "ack" && f.clientId === `v${i}`);
      await agent.next((f) => f.type === "ack" && f.clientId === `a${i}`);
      acked.push(`visitor ${i}`, `agent ${i}`);
    }

    await abortAllDurableObjects();
    await visitor.waitClosed();
    await agent.waitClosed();

    // Clients reconnect from scratch (since=0) and must see everything once, in sequence order.
    const v2 = track(await visitorSocket(chat.chatId, chat.token));
    const a2 = track(await agentSocket(chat.chatId, alice));
    const welcome = await v2.next(isType("welcome"));
    expect(welcome.chat.status).toBe("active");
    await v2.next((f) => f.type === "msg" && f.message.seq === welcome.lastSeq);
    const bodies = v2.frames.flatMap((f) => (f.type === "msg" ? [f.message.body] : []));
    for (const b of acked) expect(bodies.filter((x) => x === b), b).toHaveLength(1);
    const seqs = v2.frames.flatMap((f) => (f.type === "msg" ? [f.message.seq] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    // Retrying a message that was acknowledged before the crash does not duplicate it.
    v2.send({ type: "msg", clientId: "v4", body: "visitor 4" });
    const again = await v2.next(ackFor("v4"));
    const original = visitor.frames.filter(isType("ack")).find((f) => f.clientId === "v4");
    expect(again.seq).toBe(original?.seq);

    // The chat carries on, and the tenant actor still knows who holds it.
    a2.send({ type: "msg", clientId: "after", body: "after the crash" });
    await v2.next(msgWithBody("after the crash"));
    const state = (await (await api("/api/console/state", { cookie: alice })).json()) as any;
    expect(state.assigned.map((c: any) => c.chatId)).toContain(chat.chatId);
  });
});
