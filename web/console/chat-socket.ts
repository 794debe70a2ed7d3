import { LIMITS } from "../../core/limits";
import type { ChatClientFrame, ChatMessage, ChatServerFrame, ChatSummary, Participant, ParticipantKind } from "../../core/protocol";
import { seg, serverNow, wsUrl } from "../shared/api";
import { randomId } from "../shared/ids";
import { Backoff } from "./backoff";
import { Observable } from "./observable";

export const MESSAGE_MAX_CHARS = LIMITS.messageChars;
/** Close codes with which the server says "this chat is not yours (any more)". */
const CLOSE_NOT_YOURS = new Set([4403, 4404]);
/** Our own deliberate close. */
const CLOSE_NORMAL = 1000;
/** An unacknowledged message is shown as failed (with Retry) after this long on an open socket. */
const ACK_TIMEOUT_MS = 15_000;
/** Typing: re-announce "on" at most this often, and announce "off" after this much idle. */
const TYPING_THROTTLE_MS = 2_000;
const TYPING_IDLE_MS = 3_000;
/** If a visitor's "typing off" is lost, stop showing the indicator after this long. */
const REMOTE_TYPING_TTL_MS = 8_000;

export interface PendingMessage {
  clientId: string;
  body: string;
  at: number;
  failed: boolean;
  /** A pushed page (the body repeats it). */
  link?: string;
}

export type Connection = "connecting" | "open" | "reconnecting" | "closed";

export interface ChatInfo {
  chatId: string;
  departmentId: string;
  visitorName: string;
  since: number;
}

/**
 * One open chat in the console: its socket, its messages (deduplicated by seq), the messages
 * I sent that the server has not acknowledged yet, typing and read state.
 * Lives outside the component tree so background chats keep receiving (and counting unread).
 */
export class ChatSession extends Observable {
  readonly chatId: string;
  info: ChatInfo;
  messages: ChatMessage[] = [];
  pending: PendingMessage[] = [];
  me: Participant | null = null;
  chat: ChatSummary | null = null;
  /** Highest seq each side has read, as the server reports it. */
  reads: Record<"visitor" | "agent", number> = { visitor: 0, agent: 0 };
  visitorTyping = false;
  ended: { by: ParticipantKind; at: number } | null = null;
  connection: Connection = "connecting";
  /** Set when the server closed with "not yours"; the owner drops the session. */
  gone = false;
  /** Last protocol error from the server, shown in the chat until the next success. */
  lastError: string | null = null;
  /** Unsent composer text, kept while the agent looks at another chat. */
  draft = "";

  private ws: WebSocket | null = null;
  private disposed = false;
  private readonly backoff = new Backoff();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private seqs = new Set<number>();
  /** What I have seen locally (may be ahead of reads.agent while offline). */
  private localRead = 0;
  private sentRead = 0;
  private typingOn = false;
  private typingSentAt = 0;
  private typingIdleTimer: ReturnType<typeof setTimeout> | undefined;
  private remoteTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private ackTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(info: ChatInfo) {
    super();
    this.chatId = info.chatId;
    this.info = info;
    this.connect();
  }

  // ------------------------------------------------------------------ derived state

  get lastSeq(): number {
    return this.messages.at(-1)?.seq ?? 0;
  }

  /** Visitor messages I have not seen yet. */
  get unread(): number {
    const read = Math.max(this.localRead, this.reads.agent);
    let n = 0;
    for (let i = this.messages.length - 1; i >= 0 && this.messages[i]!.seq > read; i--) {
      if (this.messages[i]!.from.kind === "visitor") n++;
    }
    return n;
  }

  /** seq of my newest message if the visitor has read it, else null. */
  get seenSeq(): number | null {
    const mine = this.lastMine();
    return mine && mine.seq <= this.reads.visitor ? mine.seq : null;
  }

  lastMine(): ChatMessage | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.from.kind === "agent" && (this.me === null || m.from.id === this.me.id)) return m;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ actions

  /** Queue a message; it is shown as "sending" until the server's ack. */
  send(text: string): boolean {
    const body = text.trim();
    if (!body || body.length > MESSAGE_MAX_CHARS || this.ended) return false;
    const p: PendingMessage = { clientId: randomId(), body, at: serverNow(), failed: false };
    this.pending = [...this.pending, p];
    this.stopTyping();
    this.transmit(p);
    this.emit();
    return true;
  }

  /** Offer the visitor a page; it shows as "sending" until acknowledged, like a message. */
  push(url: string): boolean {
    if (this.ended || !url) return false;
    const p: PendingMessage = { clientId: randomId(), body: url, link: url, at: serverNow(), failed: false };
    this.pending = [...this.pending, p];
    this.transmit(p);
    this.emit();
    return true;
  }

  /** Re-send a failed message with the same clientId: the server stores it at most once. */
  retry(clientId: string): void {
    const p = this.pending.find((x) => x.clientId === clientId);
    if (!p || this.ended) return;
    p.failed = false;
    this.pending = [...this.pending];
    this.transmit(p);
    this.emit();
  }

  /** Call on composer input. */
  noteTyping(): void {
    if (this.ended) return;
    const now = Date.now();
    if (!this.typingOn || now - this.typingSentAt >= TYPING_THROTTLE_MS) {
      if (this.sendFrame({ type: "typing", on: true })) {
        this.typingOn = true;
        this.typingSentAt = now;
      }
    }
    clearTimeout(this.typingIdleTimer);
    this.typingIdleTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  stopTyping(): void {
    clearTimeout(this.typingIdleTimer);
    if (!this.typingOn) return;
    this.typingOn = false;
    this.sendFrame({ type: "typing", on: false });
  }

  /** The chat is on screen: everything in it counts as read; tell the server once per new message. */
  markRead(): void {
    let newest = 0;
    for (let i = this.messages.length - 1; i >= 0; i--) {
      if (this.messages[i]!.from.kind === "visitor") {
        newest = this.messages[i]!.seq;
        break;
      }
    }
    const before = this.unread;
    this.localRead = Math.max(this.localRead, this.lastSeq);
    if (newest > this.sentRead && newest > this.reads.agent && this.sendFrame({ type: "read", seq: newest })) this.sentRead = newest;
    if (this.unread !== before) this.emit();
  }

  markEnded(by: ParticipantKind, at: number): void {
    if (this.ended) return;
    this.ended = { by, at };
    this.visitorTyping = false;
    // Nothing can be sent into an ended chat: whatever is still pending will never arrive.
    if (this.pending.length) this.pending = this.pending.map((p) => ({ ...p, failed: true }));
    this.stopTyping();
    this.emit();
  }

  /** Close for good (the chat was closed, transferred, or the user signed out). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.typingIdleTimer);
    clearTimeout(this.remoteTypingTimer);
    for (const t of this.ackTimers.values()) clearTimeout(t);
    this.ackTimers.clear();
    const ws = this.ws;
    this.ws = null;
    ws?.close(CLOSE_NORMAL);
    this.connection = "closed";
  }

  /** Skip the backoff wait (the browser just came back online). */
  reconnectNow(): void {
    if (this.disposed || this.ended || this.gone || this.ws) return;
    clearTimeout(this.reconnectTimer);
    this.connect();
  }

  // ------------------------------------------------------------------ socket

  private connect(): void {
    if (this.disposed) return;
    const ws = new WebSocket(wsUrl(`/api/console/chats/${seg(this.chatId)}/ws?since=${this.lastSeq}`));
    this.ws = ws;
    // Handlers ignore events of a socket that has since been replaced.
    ws.onmessage = (e) => {
      if (this.ws !== ws || typeof e.data !== "string") return;
      let frame: ChatServerFrame;
      try {
        frame = JSON.parse(e.data) as ChatServerFrame;
      } catch {
        return;
      }
      this.onFrame(frame);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.onClose(e.code);
    };
  }

  private onClose(code: number): void {
    if (this.disposed) return;
    this.typingOn = false;
    this.visitorTyping = false;
    if (CLOSE_NOT_YOURS.has(code)) {
      this.gone = true;
      this.connection = "closed";
    } else if (this.ended) {
      this.connection = "closed";
    } else {
      this.connection = "reconnecting";
      this.reconnectTimer = setTimeout(() => this.connect(), this.backoff.next());
    }
    this.emit();
  }

  private onFrame(f: ChatServerFrame): void {
    switch (f.type) {
      case "welcome":
        this.me = f.you;
        this.chat = f.chat;
        this.reads = { visitor: Math.max(this.reads.visitor, f.reads.visitor), agent: Math.max(this.reads.agent, f.reads.agent) };
        this.localRead = Math.max(this.localRead, f.reads.agent);
        this.sentRead = Math.max(this.sentRead, f.reads.agent);
        this.connection = "open";
        this.lastError = null;
        this.backoff.reset();
        if (f.chat.status === "ended") this.markEnded("system", f.chat.endedAt ?? serverNow());
        // Anything not acknowledged before the drop goes again, same clientId: the server dedupes.
        else for (const p of this.pending) this.transmit(p);
        break;
      case "msg":
        this.addMessage(f.message);
        break;
      case "ack": {
        const p = this.pending.find((x) => x.clientId === f.clientId);
        this.settle(f.clientId);
        // The stored (masked) text replaces what was typed.
        if (p && this.me) this.addMessage({ id: f.id, seq: f.seq, at: f.at, body: f.body, from: this.me, clientId: f.clientId, ...(p.link ? { link: p.link } : {}) });
        this.lastError = null;
        break;
      }
      case "typing":
        if (f.from.kind !== "visitor") return;
        this.visitorTyping = f.on;
        clearTimeout(this.remoteTypingTimer);
        if (f.on)
          this.remoteTypingTimer = setTimeout(() => {
            this.visitorTyping = false;
            this.emit();
          }, REMOTE_TYPING_TTL_MS);
        break;
      case "read":
        this.reads = { ...this.reads, [f.by]: Math.max(this.reads[f.by], f.seq) };
        break;
      case "status":
        this.chat = f.chat;
        if (f.chat.status === "ended") this.markEnded("system", f.chat.endedAt ?? serverNow());
        break;
      case "ended":
        this.markEnded(f.by, f.at);
        break;
      case "error":
        if (f.code === "chat_ended") this.markEnded("system", serverNow());
        else this.lastError = f.message;
        // A refused push never gets an ack. Frames are answered in order, so it is my oldest push in flight.
        if (f.code === "disabled_by_policy") {
          const refused = this.pending.find((p) => p.link && !p.failed);
          if (refused) this.settle(refused.clientId);
        }
        break;
      default:
        return;
    }
    this.emit();
  }

  private addMessage(m: ChatMessage): void {
    if (m.clientId) this.settle(m.clientId);
    if (m.from.kind === "visitor") {
      this.visitorTyping = false;
      clearTimeout(this.remoteTypingTimer);
    }
    if (this.seqs.has(m.seq)) return;
    this.seqs.add(m.seq);
    // Frames arrive in seq order almost always; insert from the end to stay cheap.
    const list = [...this.messages];
    let i = list.length;
    while (i > 0 && list[i - 1]!.seq > m.seq) i--;
    list.splice(i, 0, m);
    this.messages = list;
  }

  /** The server has stored a message of mine: it is no longer pending. */
  private settle(clientId: string): void {
    clearTimeout(this.ackTimers.get(clientId));
    this.ackTimers.delete(clientId);
    if (this.pending.some((p) => p.clientId === clientId)) this.pending = this.pending.filter((p) => p.clientId !== clientId);
  }

  private transmit(p: PendingMessage): void {
    // While disconnected the message simply waits; welcome re-sends everything pending.
    const frame: ChatClientFrame = p.link ? { type: "push", clientId: p.clientId, url: p.link } : { type: "msg", clientId: p.clientId, body: p.body };
    if (!this.sendFrame(frame)) return;
    clearTimeout(this.ackTimers.get(p.clientId));
    this.ackTimers.set(
      p.clientId,
      setTimeout(() => {
        this.ackTimers.delete(p.clientId);
        const still = this.pending.find((x) => x.clientId === p.clientId);
        if (!still) return;
        still.failed = true;
        this.pending = [...this.pending];
        this.emit();
      }, ACK_TIMEOUT_MS),
    );
  }

  private sendFrame(frame: ChatClientFrame): boolean {
    // Only after welcome: before it the server has not attached us to the chat yet.
    if (!this.ws || this.connection !== "open" || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }
}
