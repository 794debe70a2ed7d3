import { describe, expect, it } from "vitest";
import type { ChatServerFrame } from "../core/protocol";
import { LIMITS } from "../core/protocol";
import { agentSocket, api, goOnline, isType, login, makeTenant, msgWithBody, startChat, visitorSocket, trackSockets } from "./helpers";

const track = trackSockets();
const bodies = (frames: ChatServerFrame[]) => frames.flatMap((f) => (f.type === "msg" ? [f.message.body] : []));

async function activeChat() {
  const t = await makeTenant();
  const alice = await login(t.emails.alice);
  track(await goOnline(alice));
  const chat = await startChat(t);
  expect((await api(`/api/console/chats/${chat.chatId}/accept`, { method: "POST", cookie: alice })).status).toBe(200);
  const agent = track(await agentSocket(chat.chatId, alice));
  const visitor = track(await visitorSocket(chat.chatId, chat.token));
  await visitor.next(isType("welcome"));
  await agent.next(isType("welcome"));
  return { t, alice, chat, agent, visitor };
}

describe("chat sockets", () => {
  it("a reconnecting visitor receives exactly the messages it missed", async () => {
    const { chat, agent, visitor } = await activeChat();
    const welcome = await visitor.next(isType("welcome"));
    await visitor.next((f) => f.type === "msg" && f.message.seq === welcome.lastSeq);
    visitor.close();

    for (const body of ["one", "two", "three"]) {
      agent.send({ type: "msg", clientId: `c-${body}`, body });
      await agent.next((f) => f.type === "ack" && f.clientId === `c-${body}`);
    }
    const back = track(await visitorSocket(chat.chatId, chat.token, welcome.lastSeq));
    await back.next(msgWithBody("three"));
    expect(bodies(back.frames)).toEqual(["one", "two", "three"]);
    const seqs = back.frames.flatMap((f) => (f.type === "msg" ? [f.message.seq] : []));
    expect(seqs).toEqual([welcome.lastSeq + 1, welcome.lastSeq + 2, welcome.lastSeq + 3]);
  });

  it("a retried message (same clientId) is stored once and acknowledged with the same sequence", async () => {
    const { chat, visitor, agent } = await activeChat();
    visitor.send({ type: "msg", clientId: "retry-1", body: "only once" });
    const first = await visitor.next(isType("ack"));
    visitor.send({ type: "msg", clientId: "retry-1", body: "only once" });
    await visitor.next((f) => f.type === "ack" && f !== first);
    const acks = visitor.frames.filter(isType("ack"));
    expect(acks.map((a) => a.seq)).toEqual([first.seq, first.seq]);
    await agent.next(msgWithBody("only once"));
    const replay = track(await visitorSocket(chat.chatId, chat.token));
    await replay.next(msgWithBody("only once"));
    expect(bodies(replay.frames).filter((b) => b === "only once")).toHaveLength(1);
  });

  it("answers malformed frames with error codes and keeps the connection and every acknowledged message", async () => {
    const { chat, visitor } = await activeChat();
    visitor.send({ type: "msg", clientId: "before", body: "acknowledged before the junk" });
    await visitor.next(isType("ack"));

    const cases: [unknown, string][] = [
      ["{not json", "bad_json"],
      [{ type: "shout", body: "x" }, "unknown_type"],
      [{ type: "msg", clientId: "x" }, "invalid_frame"],
      [{ type: "msg", clientId: "has spaces!", body: "x" }, "invalid_frame"],
      [{ type: "msg", clientId: "big", body: "x".repeat(LIMITS.messageChars + 1) }, "invalid_frame"],
      [JSON.stringify({ type: "msg", clientId: "huge", body: "y".repeat(LIMITS.frameChars) }), "frame_too_large"],
      [{ type: "read", seq: -4 }, "invalid_frame"],
      [[1, 2, 3], "invalid_frame"],
      ["null", "invalid_frame"],
    ];
    for (const [frame, code] of cases) {
      const before = visitor.frames.length;
      visitor.send(frame);
      const err = await visitor.next((f) => f.type === "error" && visitor.frames.indexOf(f) >= before);
      expect(err, JSON.stringify(frame).slice(0, 80)).toMatchObject({ type: "error", code });
    }
    visitor.ws.send(new Uint8Array([1, 2, 3]));
    await visitor.next((f) => f.type === "error" && f.code === "binary_not_supported");

    visitor.send({ type: "msg", clientId: "after", body: "still working" });
    await visitor.next((f) => f.type === "ack" && f.clientId === "after");
    expect(visitor.closed).toBeNull();
    const replay = track(await visitorSocket(chat.chatId, chat.token));
    await replay.next(msgWithBody("still working"));
    expect(bodies(replay.frames)).toContain("acknowledged before the junk");
  });

  it("refuses a flood of frames without losing the messages it acknowledged", async () => {
    const { chat, visitor } = await activeChat();
    for (let i = 0; i < LIMITS.floodFrames + 10; i++) visitor.send({ type: "msg", clientId: `f${i}`, body: `flood ${i}` });
    await visitor.next((f) => f.type === "error" && f.code === "rate_limited");
    // Every frame is answered: an ack or a refusal.
    await visitor.next(() => visitor.frames.filter((f) => f.type === "ack" || f.type === "error").length >= LIMITS.floodFrames + 10);
    const acked = visitor.frames.filter(isType("ack")).map((a) => a.clientId);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.length).toBeLessThanOrEqual(LIMITS.floodFrames);
    const replay = track(await visitorSocket(chat.chatId, chat.token));
    await replay.next((f) => f.type === "msg" && f.message.clientId === acked[acked.length - 1]);
    const stored = replay.frames.flatMap((f) => (f.type === "msg" && f.message.clientId?.startsWith("f") ? [f.message.clientId] : []));
    expect(stored).toEqual(acked);
  });

  it("closes a socket that keeps flooding far past the limit", async () => {
    const { visitor } = await activeChat();
    for (let i = 0; i < LIMITS.floodFrames * 4 + 5; i++) visitor.send({ type: "typing", on: true });
    expect((await visitor.waitClosed()).code).toBe(1008);
  });

  it("refuses an agent who does not hold the chat, and a visitor token of another chat", async () => {
    const { t, chat } = await activeChat();
    const bob = await login(t.emails.bob);
    const intruder = track(await agentSocket(chat.chatId, bob));
    expect((await intruder.waitClosed()).code).toBe(4403);

    const other = await startChat(t, "Sales", "second chat");
    const wrong = track(await visitorSocket(chat.chatId, other.token));
    expect(await wrong.waitClosed()).toEqual({ code: 4403, reason: "this token belongs to another chat" });
  });

  it("a visitor without a token or with a forged one is refused", async () => {
    const { chat } = await activeChat();
    const forged = chat.token.slice(0, -4) + (chat.token.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const token of ["", forged, "not-a-jwt"]) {
      const refused = track(await visitorSocket(chat.chatId, token));
      expect((await refused.waitClosed()).code).toBe(4401);
      expect(refused.frames).toEqual([]);
    }
  });

  it("typing indicators reach only the other side and are never stored", async () => {
    const { chat, visitor, agent } = await activeChat();
    visitor.send({ type: "typing", on: true });
    const typing = await agent.next(isType("typing"));
    expect(typing).toMatchObject({ on: true, from: { kind: "visitor", name: "Vera Visitor" } });
    expect(visitor.frames.some((f) => f.type === "typing")).toBe(false);
    const replay = track(await visitorSocket(chat.chatId, chat.token));
    await replay.next(isType("welcome"));
    expect(replay.frames.some((f) => f.type === "typing")).toBe(false);
  });

  it("answers ping with pong (keep-alive without waking the actor)", async () => {
    const { visitor } = await activeChat();
    const pong = new Promise<string>((resolve) => visitor.ws.addEventListener("message", (e) => e.data === '{"type":"pong"}' && resolve(e.data)));
    visitor.ws.send('{"type":"ping"}');
    expect(await pong).toBe('{"type":"pong"}');
    expect(visitor.frames.some((f) => f.type === "error")).toBe(false);
  });
});
