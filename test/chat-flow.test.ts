import { describe, expect, it } from "vitest";
import { agentSocket, api, goOnline, isType, login, makeTenant, msgWithBody, startChat, visitorSocket, trackSockets } from "./helpers";

const track = trackSockets();

describe("a chat from queue to transcript", () => {
  it("queues, is accepted, exchanges messages with acks, ends and lands in history", async () => {
    const t = await makeTenant();
    const alice = await login(t.emails.alice);
    const lobby = track(await goOnline(alice));

    const { chatId, token } = await startChat(t, "Sales", "Where is my order?");
    const queued = await lobby.next((f) => f.type === "queue" && f.chats.some((c) => c.chatId === chatId));
    expect(queued.type === "queue" && queued.chats[0]!.preview).toBe("Where is my order?");

    const visitor = track(await visitorSocket(chatId, token));
    const welcome = await visitor.next(isType("welcome"));
    expect(welcome.chat.status).toBe("queued");
    await visitor.next(msgWithBody("Where is my order?"));

    const accepted = await api(`/api/console/chats/${chatId}/accept`, { method: "POST", cookie: alice });
    expect(accepted.status).toBe(200);
    await visitor.next((f) => f.type === "status" && f.chat.status === "active" && f.chat.agent?.name === "Alice Agent");

    const agent = track(await agentSocket(chatId, alice));
    await agent.next(msgWithBody("Where is my order?"));

    agent.send({ type: "msg", clientId: "a1", body: "Let me check that for you." });
    const ack = await agent.next(isType("ack"));
    expect(ack.clientId).toBe("a1");
    await visitor.next(msgWithBody("Let me check that for you."));

    agent.send({ type: "typing", on: true });
    const typing = await visitor.next(isType("typing"));
    expect(typing.from.kind).toBe("agent");

    visitor.send({ type: "read", seq: ack.seq });
    const read = await agent.next(isType("read"));
    expect(read).toMatchObject({ by: "visitor", seq: ack.seq });

    visitor.send({ type: "end" });
    await agent.next(isType("ended"));
    expect((await visitor.waitClosed()).code).toBe(1000);

    const survey = await api(`/api/widget/chats/${chatId}/survey`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: { rating: 5, comment: "Quick and kind" },
    });
    expect(survey.status).toBe(204);

    const list = (await (await api("/api/console/transcripts", { cookie: alice })).json()) as { transcripts: any[] };
    expect(list.transcripts).toHaveLength(1);
    expect(list.transcripts[0]).toMatchObject({ id: chatId, visitorName: "Vera Visitor", agentNames: ["Alice Agent"], rating: 5 });
    const one = (await (await api(`/api/console/transcripts/${chatId}`, { cookie: alice })).json()) as { transcript: any };
    expect(one.transcript.surveyComment).toBe("Quick and kind");
    expect(one.transcript.messages.map((m: any) => m.body)).toEqual([
      "Where is my order?",
      "Alice Agent joined the chat",
      "Let me check that for you.",
      "Chat ended by the visitor",
    ]);
  });
});
