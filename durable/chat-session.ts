/**
 * ChatSession: one actor per chat (`idFromName(tenantId + ":" + chatId)`). It owns the chat's
 * sockets (visitor and agent, hibernatable), its message log with per-chat sequence numbers,
 * read receipts, and the end of the chat: the transcript goes to D1, then the actor's own
 * storage is erased. Visitors and agents never talk to each other directly; every frame passes
 * through here and is validated first.
 */
import { DurableObject } from "cloudflare:workers";
import { newId } from "../core/encoding";
import {
  ChatClientFrame,
  LIMITS,
  parseFrame,
  type ChatFile,
  type ChatMessage,
  type ChatServerFrame,
  type ChatSummary,
  type ErrorCode,
  type Participant,
} from "../core/protocol";
import { chatMaskRules, masked, pushAllowed } from "../core/chat-settings";
import { refuseUpgrade } from "../worker/actors";
import { chatSettings } from "../worker/db/settings";
import { writeTranscript } from "../worker/db/transcripts";
import { SessionActivity } from "./activity";
import { Flood } from "./flood";
import { closeAgentSockets, identityFromHeaders, type SocketIdentity } from "./identity";

/** A visitor who has had no socket for this long while the chat is open is taken to have left. */
export const ABANDON_MS = 10 * 60_000;
/** Retry delay for the end-of-chat write to D1 when it fails. */
const PERSIST_RETRY_MS = 30_000;

export interface ChatMeta {
  tenantId: string;
  chatId: string;
  departmentId: string;
  status: "queued" | "active" | "ended";
  /** `ipHash` is a per-tenant SHA-256 of the visitor's address, kept so an agent can block them. */
  visitor: { id: string; name: string; email: string | null; ipHash: string };
  agent: { id: string; name: string } | null;
  /** Every agent who has held the chat, in order. */
  agents: { id: string; name: string }[];
  startedAt: number;
  queuedAt: number;
  acceptedAt: number | null;
  endedAt: number | null;
  endedBy: Participant["kind"] | null;
  /** Set when the chat ended but its transcript is not yet in D1 (a retry is pending). */
  persistPending?: boolean;
  visitorLeftAt?: number | null;
}

export interface StartChat {
  tenantId: string;
  chatId: string;
  departmentId: string;
  visitor: ChatMeta["visitor"];
  firstMessage: string;
}

export type AssignResult = { ok: true; chat: ChatSummary } | { ok: false; code: "chat_ended" | "not_found" };

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS messages (
     seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, client_id TEXT,
     from_kind TEXT NOT NULL, from_id TEXT NOT NULL, from_name TEXT NOT NULL,
     body TEXT NOT NULL, at INTEGER NOT NULL, link TEXT, file TEXT,
     UNIQUE (from_kind, from_id, client_id))`,
  `CREATE TABLE IF NOT EXISTS reads (kind TEXT PRIMARY KEY, seq INTEGER NOT NULL)`,
];

type MessageRow = {
  seq: number;
  id: string;
  client_id: string | null;
  from_kind: Participant["kind"];
  from_id: string;
  from_name: string;
  body: string;
  at: number;
  link: string | null;
  /** JSON of a ChatFile. */
  file: string | null;
};

const toMessage = (r: MessageRow): ChatMessage => ({
  id: r.id,
  seq: r.seq,
  from: { kind: r.from_kind, id: r.from_id, name: r.from_name },
  body: r.body,
  at: r.at,
  ...(r.client_id ? { clientId: r.client_id } : {}),
  ...(r.link ? { link: r.link } : {}),
  ...(r.file ? { file: JSON.parse(r.file) as ChatFile } : {}),
});

const SYSTEM: Participant = { kind: "system", id: "system", name: "Parley" };

export class ChatSession extends DurableObject<Env> {
  private sql: SqlStorage;
  private meta: ChatMeta | null = null;
  private lastSeq = 0;
  private flood = new Flood(LIMITS.floodFrames, LIMITS.floodWindowMs);
  private activity: SessionActivity;
  private frames: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.activity = new SessionActivity(env.DB, ctx);
    // Clients keep sockets alive with {"type":"ping"}; answered without waking the actor.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
    void ctx.blockConcurrencyWhile(async () => this.load());
  }

  /**
   * Tables are created by `start` only: a stray request to an ended (erased) or never-started
   * chat must not leave empty storage behind.
   */
  private load(): void {
    const exists = this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
    if (!exists) return;
    // Chats opened before files existed lack the column; chats are short-lived, so add it in place.
    const columns = this.sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('messages')").toArray();
    if (!columns.some((c) => c.name === "file")) this.sql.exec("ALTER TABLE messages ADD COLUMN file TEXT");
    const row = this.sql.exec<{ json: string }>("SELECT json FROM meta WHERE id = 1").toArray()[0];
    this.meta = row ? (JSON.parse(row.json) as ChatMeta) : null;
    this.lastSeq = this.sql.exec<{ s: number | null }>("SELECT MAX(seq) AS s FROM messages").one().s ?? 0;
  }

  private save(meta: ChatMeta): void {
    this.meta = meta;
    this.sql.exec("INSERT INTO meta (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json", JSON.stringify(meta));
  }

  // ------------------------------------------------------------------ RPC (called by Worker and Tenant)

  /**
   * Creates the chat with the visitor's first message (seq 1), masked by the tenant's settings.
   * Idempotent for the same chat. Returns the stored (masked) first message for the queue preview.
   */
  async start(input: StartChat): Promise<{ chat: ChatSummary; firstMessage: string }> {
    if (!this.meta) {
      const firstMessage = await this.masked(input.tenantId, input.firstMessage);
      for (const q of SCHEMA) this.sql.exec(q);
      const now = Date.now();
      this.save({
        tenantId: input.tenantId,
        chatId: input.chatId,
        departmentId: input.departmentId,
        status: "queued",
        visitor: input.visitor,
        agent: null,
        agents: [],
        startedAt: now,
        queuedAt: now,
        acceptedAt: null,
        endedAt: null,
        endedBy: null,
        visitorLeftAt: now,
      });
      this.append({ kind: "visitor", id: input.visitor.id, name: input.visitor.name }, firstMessage);
      // A visitor who never connects is treated like one who left.
      await this.armAlarm(Date.now() + ABANDON_MS);
    }
    const first = this.sql.exec<{ body: string }>("SELECT body FROM messages WHERE seq = 1").one();
    return { chat: this.summary(this.meta!), firstMessage: first.body };
  }

  /** Hands the chat to an agent (accept from the queue, or a transfer to a named agent). */
  async assign(agent: { id: string; name: string }, how: "accept" | "transfer"): Promise<AssignResult> {
    const meta = this.meta;
    if (!meta) return { ok: false, code: "not_found" };
    if (meta.status === "ended") return { ok: false, code: "chat_ended" };
    const previous = meta.agent;
    const now = Date.now();
    this.save({
      ...meta,
      status: "active",
      agent,
      agents: meta.agents.some((a) => a.id === agent.id) ? meta.agents : [...meta.agents, agent],
      acceptedAt: meta.acceptedAt ?? now,
    });
    if (previous && previous.id !== agent.id) this.closeAgent(previous.id, 4403, "chat transferred");
    const note = how === "accept" ? `${agent.name} joined the chat` : `Chat transferred to ${agent.name}`;
    this.broadcast({ type: "msg", message: this.append(SYSTEM, note) });
    this.broadcast({ type: "status", chat: this.summary(this.meta!) });
    return { ok: true, chat: this.summary(this.meta!) };
  }

  /** Puts the chat back in a department's queue (transfer to a department). */
  async requeue(departmentId: string): Promise<AssignResult> {
    const meta = this.meta;
    if (!meta) return { ok: false, code: "not_found" };
    if (meta.status === "ended") return { ok: false, code: "chat_ended" };
    if (meta.agent) this.closeAgent(meta.agent.id, 4403, "chat transferred");
    this.save({ ...meta, status: "queued", agent: null, departmentId, queuedAt: Date.now() });
    this.broadcast({ type: "msg", message: this.append(SYSTEM, "You have been transferred; the next available agent will join shortly") });
    this.broadcast({ type: "status", chat: this.summary(this.meta!) });
    return { ok: true, chat: this.summary(this.meta!) };
  }

  /** Ends the chat on behalf of `by` (who must be a participant). */
  async end(by: Participant): Promise<{ ok: boolean; code?: "not_found" | "forbidden" }> {
    const meta = this.meta;
    if (!meta || meta.status === "ended") return { ok: false, code: "not_found" };
    if (by.kind === "agent" && meta.agent?.id !== by.id) return { ok: false, code: "forbidden" };
    await this.finish(by);
    return { ok: true };
  }

  /** Closes an agent's sockets on this chat (sign-out, or their permissions changed). */
  async disconnect(agentId: string, sid: string | undefined, code: number, reason: string): Promise<void> {
    this.closeAgent(agentId, code, reason, sid);
  }

  /** The visitor's blocking key, for the agent holding the chat (null for anyone else). */
  async visitorKeyFor(agentId: string): Promise<string | null> {
    return this.meta && this.meta.status === "active" && this.meta.agent?.id === agentId ? this.meta.visitor.ipHash : null;
  }

  /**
   * Whether `who` may post to this chat now: the visitor of an open chat, or the agent holding
   * it. Asked before a file is scanned and stored, so a refused sender costs no storage.
   */
  async mayPost(who: { kind: "visitor" | "agent"; id: string }): Promise<boolean> {
    const meta = this.meta;
    if (!meta || meta.status === "ended") return false;
    return who.kind === "visitor" ? meta.visitor.id === who.id : meta.status === "active" && meta.agent?.id === who.id;
  }

  /**
   * Posts a file that was scanned and stored to the chat (everyone, the sender's sockets
   * included, receives it as a message). Null when the sender may no longer post, e.g. the
   * chat ended while the file was being scanned: the caller then discards the file.
   */
  async postFile(from: { kind: "visitor" | "agent"; id: string; name: string }, file: ChatFile): Promise<ChatMessage | null> {
    if (!(await this.mayPost(from))) return null;
    const me: Participant = from.kind === "visitor" ? { kind: "visitor", id: from.id, name: this.meta!.visitor.name } : from;
    const message = this.append(me, file.name, undefined, undefined, file);
    this.broadcast({ type: "msg", message });
    return message;
  }

  async summaryFor(tenantId: string): Promise<ChatSummary | null> {
    return this.meta && this.meta.tenantId === tenantId ? this.summary(this.meta) : null;
  }

  // ------------------------------------------------------------------ sockets

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const who = identityFromHeaders(request.headers);
    const since = Number(new URL(request.url).searchParams.get("since") ?? 0);

    const refusal = this.refusal(who);
    if (refusal) return refuseUpgrade(request, refusal.code, refusal.reason);
    const meta = this.meta!;
    const { 0: client, 1: server } = new WebSocketPair();
    const headers = new Headers();
    if (request.headers.get("Sec-WebSocket-Protocol")?.includes("parley.v1")) headers.set("Sec-WebSocket-Protocol", "parley.v1");
    this.ctx.acceptWebSocket(server, [who.kind, `${who.kind}:${who.id}`]);
    server.serializeAttachment(who);
    if (who.kind === "visitor" && meta.visitorLeftAt) this.save({ ...meta, visitorLeftAt: null });

    const you = this.participant(who, meta);
    this.send(server, { type: "welcome", you, chat: this.summary(this.meta!), lastSeq: this.lastSeq, reads: this.reads() });
    // Everything the client missed, in order. The actor is single-threaded and nothing awaits
    // between here and the return, so no live frame can slip in between the replay and the ack.
    for (const row of this.sql.exec<MessageRow>("SELECT * FROM messages WHERE seq > ? ORDER BY seq", Number.isFinite(since) ? since : 0)) {
      this.send(server, { type: "msg", message: toMessage(row) });
    }
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  private refusal(who: SocketIdentity): { code: number; reason: string } | null {
    const meta = this.meta;
    // A chat of another tenant, an ended (erased) chat and one that never existed look the same.
    if (!meta || meta.tenantId !== who.tenantId || meta.status === "ended") return { code: 4404, reason: "chat not found" };
    if (who.kind === "visitor" && who.id !== meta.visitor.id) return { code: 4404, reason: "chat not found" };
    if (who.kind === "agent" && meta.agent?.id !== who.id) return { code: 4403, reason: "chat is not assigned to you" };
    return null;
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    // Frames are handled one after another, in arrival order, even when handling one awaits
    // (e.g. reading the tenant's settings): messages are stored in the order they were sent.
    const turn = this.frames.then(() => this.handle(ws, raw));
    this.frames = turn.catch(() => undefined);
    await turn;
  }

  private async handle(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    try {
      await this.onFrame(ws, raw);
    } catch (err) {
      // A frame that trips an unexpected failure is answered and dropped; the actor and the
      // connection carry on, and nothing acknowledged before is touched. No frame content is logged.
      console.error("chat frame failed", err instanceof Error ? err.message : String(err));
      this.refuse(ws, "internal", "this frame could not be processed and was not stored");
    }
  }

  private async onFrame(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const who = ws.deserializeAttachment() as SocketIdentity;
    const meta = this.meta;
    if (!meta || meta.status === "ended") return this.refuse(ws, "chat_ended", "this chat has ended");
    const verdict = this.flood.hit(ws);
    if (verdict === "close") return ws.close(1008, "too many frames");
    if (verdict === "refuse") return this.refuse(ws, "rate_limited", "slow down: too many frames; this one was not accepted");

    const parsed = parseFrame(ChatClientFrame, raw);
    if (!parsed.ok) return this.refuse(ws, parsed.code, parsed.message);
    const frame = parsed.frame;
    const me = this.participant(who, meta);
    // An agent typing here is active: that keeps their console session from going idle.
    if (who.kind === "agent") this.activity.note(meta.tenantId, who.sid);

    switch (frame.type) {
      case "msg":
        if (who.kind === "agent" && (meta.status !== "active" || meta.agent?.id !== who.id)) {
          return this.refuse(ws, "chat_not_active", "this chat is not assigned to you");
        }
        return this.store(ws, me, frame.clientId, await this.masked(meta.tenantId, frame.body));
      case "push": {
        if (who.kind !== "agent" || meta.status !== "active" || meta.agent?.id !== who.id) {
          return this.refuse(ws, "chat_not_active", "only the agent holding this chat can push a page");
        }
        const settings = await chatSettings(this.env.DB, meta.tenantId);
        if (!settings.agent[who.role ?? "agent"].pushPages) return this.refuse(ws, "disabled_by_policy", "your organisation does not allow pushing pages");
        if (!pushAllowed(frame.url, settings.pushDomains)) {
          return this.refuse(ws, "disabled_by_policy", "that page is not on one of your organisation's allowed domains");
        }
        // A page address carrying data the tenant masks (a card number in a query string) is refused.
        if ((await this.masked(meta.tenantId, frame.url)) !== frame.url) {
          return this.refuse(ws, "disabled_by_policy", "that page address contains personal data; it was not sent");
        }
        return this.store(ws, me, frame.clientId, frame.url, frame.url);
      }
      case "typing":
        return this.broadcastToOthers(who.kind, { type: "typing", from: me, on: frame.on });
      case "read": {
        const seq = Math.min(frame.seq, this.lastSeq);
        const current = this.reads()[who.kind];
        if (seq <= current) return;
        this.sql.exec("INSERT INTO reads (kind, seq) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET seq = excluded.seq", who.kind, seq);
        return this.broadcast({ type: "read", by: who.kind, seq });
      }
      case "end":
        if (who.kind === "agent" && meta.agent?.id !== who.id) return this.refuse(ws, "chat_not_active", "this chat is not assigned to you");
        await this.finish(me);
        return;
      default: {
        const never: never = frame;
        return this.refuse(ws, "unknown_type", `unhandled frame ${JSON.stringify(never)}`);
      }
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.flood.forget(ws);
    // Reciprocate the close so the client sees a clean shutdown (1005/1006 cannot be sent).
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      /* already closed */
    }
    await this.noteVisitorGone(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.flood.forget(ws);
    await this.noteVisitorGone(ws);
  }

  private async noteVisitorGone(ws: WebSocket): Promise<void> {
    const meta = this.meta;
    const who = ws.deserializeAttachment() as SocketIdentity | null;
    if (!meta || meta.status === "ended" || who?.kind !== "visitor") return;
    const stillHere = this.ctx.getWebSockets("visitor").some((s) => s !== ws && s.readyState === WebSocket.OPEN);
    if (stillHere) return;
    this.save({ ...meta, visitorLeftAt: Date.now() });
    await this.armAlarm(Date.now() + ABANDON_MS);
  }

  // ------------------------------------------------------------------ alarm: abandonment and retries

  override async alarm(): Promise<void> {
    const meta = this.meta;
    if (!meta) return;
    if (meta.persistPending) return this.finish(SYSTEM);
    if (meta.status !== "ended" && meta.visitorLeftAt && Date.now() - meta.visitorLeftAt >= ABANDON_MS) {
      return this.finish(SYSTEM);
    }
    // The visitor came back (or left again later): check again when that absence would expire.
    if (meta.visitorLeftAt) await this.armAlarm(meta.visitorLeftAt + ABANDON_MS);
  }

  private async armAlarm(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  // ------------------------------------------------------------------ end of chat

  /**
   * Ends the chat: writes the transcript to D1, tells everyone, releases the agent, then erases
   * this actor's storage. If the D1 write fails nothing is erased and an alarm retries it.
   */
  private async finish(by: Participant): Promise<void> {
    let meta = this.meta;
    if (!meta) return;
    if (meta.status !== "ended") {
      const now = Date.now();
      const who = by.kind === "system" ? "the system (the visitor left)" : by.kind === "agent" ? by.name : "the visitor";
      this.broadcast({ type: "msg", message: this.append(SYSTEM, `Chat ended by ${who}`) });
      this.save((meta = { ...meta, status: "ended", endedAt: now, endedBy: by.kind, persistPending: true }));
      this.broadcast({ type: "ended", by: by.kind, at: now });
      for (const ws of this.ctx.getWebSockets()) {
        try {
          ws.close(1000, "chat ended");
        } catch {
          /* already closing */
        }
      }
    }
    try {
      const messages = this.sql.exec<MessageRow>("SELECT * FROM messages ORDER BY seq").toArray().map(toMessage);
      await writeTranscript(this.env, meta, messages);
    } catch (err) {
      console.error("transcript write failed; will retry", meta.chatId, err instanceof Error ? err.message : String(err));
      await this.ctx.storage.setAlarm(Date.now() + PERSIST_RETRY_MS);
      return;
    }
    try {
      const tenant = this.env.TENANT.get(this.env.TENANT.idFromName(meta.tenantId));
      await tenant.chatEnded(meta.chatId);
    } catch (err) {
      // The tenant actor drops stale queue entries itself when it next sees them; do not block erasure.
      console.error("tenant notify failed", meta.chatId, err instanceof Error ? err.message : String(err));
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.meta = null;
    this.lastSeq = 0;
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Masks text by the tenant's current "mask during chat" settings (read at most every few
   * seconds, so a change reaches chats in progress quickly). Runs before a message is stored or
   * fanned out: nobody — agent, visitor, transcript — ever sees the unmasked text.
   */
  private async masked(tenantId: string, text: string): Promise<string> {
    return masked(text, chatMaskRules(await chatSettings(this.env.DB, tenantId)));
  }

  /**
   * Stores a message once per (sender, clientId) and acknowledges it. A retry of a message
   * already stored is acknowledged again; nothing is stored or fanned out twice.
   */
  private store(ws: WebSocket, me: Participant, clientId: string, body: string, link?: string): void {
    const known = this.sql
      .exec<MessageRow>("SELECT * FROM messages WHERE from_kind = ? AND from_id = ? AND client_id = ?", me.kind, me.id, clientId)
      .toArray()[0];
    if (known) return this.send(ws, { type: "ack", clientId, id: known.id, seq: known.seq, at: known.at, body: known.body });
    const message = this.append(me, body, clientId, link);
    // The write above is synchronous; the runtime's output gate holds this ack until it is durable.
    this.send(ws, { type: "ack", clientId, id: message.id, seq: message.seq, at: message.at, body: message.body });
    this.broadcast({ type: "msg", message }, ws);
  }

  /** Visitors are named by what they typed when the chat started, not by the socket request. */
  private participant(who: SocketIdentity, meta: ChatMeta): Participant {
    return { kind: who.kind, id: who.id, name: who.kind === "visitor" ? meta.visitor.name : who.name };
  }

  private append(from: Participant, body: string, clientId?: string, link?: string, file?: ChatFile): ChatMessage {
    const message: ChatMessage = {
      id: newId("m_"),
      seq: this.lastSeq + 1,
      from,
      body,
      at: Date.now(),
      ...(clientId ? { clientId } : {}),
      ...(link ? { link } : {}),
      ...(file ? { file } : {}),
    };
    this.sql.exec(
      "INSERT INTO messages (seq, id, client_id, from_kind, from_id, from_name, body, at, link, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      message.seq,
      message.id,
      clientId ?? null,
      from.kind,
      from.id,
      from.name,
      body,
      message.at,
      link ?? null,
      file ? JSON.stringify(file) : null,
    );
    this.lastSeq = message.seq;
    return message;
  }

  private reads(): Record<"visitor" | "agent", number> {
    const out = { visitor: 0, agent: 0 };
    for (const r of this.sql.exec<{ kind: "visitor" | "agent"; seq: number }>("SELECT kind, seq FROM reads")) out[r.kind] = r.seq;
    return out;
  }

  private summary(m: ChatMeta): ChatSummary {
    return {
      id: m.chatId,
      status: m.status,
      departmentId: m.departmentId,
      queuedAt: m.queuedAt,
      acceptedAt: m.acceptedAt,
      endedAt: m.endedAt,
      agent: m.agent,
      visitor: { name: m.visitor.name },
    };
  }

  private send(ws: WebSocket, frame: ChatServerFrame): void {
    try {
      ws.send(JSON.stringify(frame));
    } catch {
      /* the socket is closing; the client resumes from its last seq */
    }
  }

  private refuse(ws: WebSocket, code: ErrorCode, message: string): void {
    this.send(ws, { type: "error", code, message });
  }

  private broadcast(frame: ChatServerFrame, except?: WebSocket): void {
    const text = JSON.stringify(frame);
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except) continue;
      try {
        ws.send(text);
      } catch {
        /* closing */
      }
    }
  }

  private broadcastToOthers(kind: Participant["kind"], frame: ChatServerFrame): void {
    const text = JSON.stringify(frame);
    for (const ws of this.ctx.getWebSockets()) {
      if ((ws.deserializeAttachment() as SocketIdentity).kind === kind) continue;
      try {
        ws.send(text);
      } catch {
        /* closing */
      }
    }
  }

  private closeAgent(agentId: string, code: number, reason: string, sid?: string): void {
    closeAgentSockets(this.ctx.getWebSockets(`agent:${agentId}`), agentId, sid, code, reason);
  }
}
