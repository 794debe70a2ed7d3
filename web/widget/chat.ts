/**
 * The widget frame's state and everything that changes it: the REST flow, the chat socket,
 * the outbox and reconnects. State is one plain object plus a redraw callback rather than
 * hooks: the view is small, and this keeps preact/hooks out of what every visitor downloads.
 */
import type { ChatClientFrame, ChatMessage, ChatServerFrame, ChatSummary, Participant } from "../../core/protocol";
import { api, ApiError, store, type Saved } from "./api";

export interface Dept {
  id: string;
  name: string;
  online: boolean;
}
type Phase = "idle" | "loading" | "failed" | "prechat" | "offline" | "sent" | "chat" | "survey" | "thanks";
type Fields = Record<string, string>;

const params = new URLSearchParams(location.search);
const KEY = params.get("key") ?? "";
/** Department the embedding site routes chats to (`data-department`), if any. */
const DEPT = params.get("department");
/** Selector of the first control in the panel body: where focus goes when the panel's content changes. */
export const FIRST = ".b :is(input,select,textarea,button)";

export const S = {
  open: false,
  phase: "idle" as Phase,
  busy: false,
  /** Form error (REST). */
  error: "",
  /** Inline notice from an `error` frame; the chat goes on. */
  notice: "",
  tenant: "",
  depts: [] as Dept[],
  /** What the visitor typed in the pre-chat form, carried into the offline form. */
  draft: {} as Fields,
  /** What the view needs of the chat summary; set from the POST response, then from frames. */
  chat: null as Pick<ChatSummary, "status" | "queuedAt" | "agent"> | null,
  msgs: [] as ChatMessage[],
  /** Sent but not yet acknowledged; resent with the same clientId after a reconnect. */
  outbox: [] as { clientId: string; body: string }[],
  /** Highest seq the agent has read. */
  agentRead: 0,
  /** Name of the agent currently typing. */
  typing: "",
  /** Socket open and welcomed. */
  live: false,
  confirm: false,
  rating: 0,
  unread: 0,
  /** The tenant lets visitors copy the transcript; until the config says so, they may not. */
  copy: false,
  /** The tenant accepts files from visitors. */
  files: false,
  copied: false,
  /** Selector to focus after the next draw. */
  focus: "",
};

let draw = (): void => {};
export const onChange = (f: () => void): void => void (draw = f);

let sess: Saved | null = null;
let ws: WebSocket | null = null;
let you: Participant | null = null;
/** Highest seq held in memory (not the stored one: after a reload we replay from 0 to rebuild the log). */
let seen = 0;
let readSent = 0;
let retries = 0;
let endPending = false;
let typingOn = false;
let typingAt = 0;
const timers: Record<string, number> = {};
const later = (name: string, ms: number, f: () => void): void => {
  clearTimeout(timers[name]);
  timers[name] = setTimeout(f, ms);
};

const tell = (parley: "open" | "close"): void =>
  // No data in these messages, and the frame cannot know the host's origin, hence "*".
  parent.postMessage({ parley }, "*");

export function setOpen(open: boolean): void {
  S.open = open;
  tell(open ? "open" : "close");
  S.focus = open ? FIRST : ".launch";
  if (open) {
    S.unread = 0;
    // Storage is first touched here, once the visitor has chosen to open the chat.
    if (S.phase === "idle") void load();
    read();
  }
  draw();
}

async function load(): Promise<void> {
  S.phase = "loading";
  S.error = "";
  const saved = store.get();
  if (saved) {
    sess = saved;
    S.phase = "chat";
    connect();
  }
  draw();
  try {
    const c = await api<{ tenantName: string; departments: Dept[]; copyTranscripts: boolean; sendFiles: boolean }>("config?key=" + encodeURIComponent(KEY));
    S.tenant = c.tenantName;
    S.copy = c.copyTranscripts;
    S.files = c.sendFiles;
    const mine = c.departments.filter((d) => d.id === DEPT);
    S.depts = mine.length ? mine : c.departments;
    if (S.phase === "loading") go(S.depts.some((d) => d.online) ? "prechat" : "offline");
  } catch (e) {
    if (S.phase === "loading") go("failed", (e as Error).message);
  }
  draw();
}

function go(phase: Phase, error = ""): void {
  S.phase = phase;
  S.error = error;
  S.focus = FIRST;
}

const dept = (d: Fields, list: Dept[]): string => d.departmentId || list[0]?.id || "";

export async function start(d: Fields): Promise<void> {
  S.draft = d;
  await busy(async () => {
    const body = { key: KEY, departmentId: dept(d, S.depts.filter((x) => x.online)), name: d.name || undefined, email: d.email || undefined, message: d.message };
    try {
      const r = await api<{ chatId: string; token: string; queuedAt: number }>("chats", body);
      store.set((sess = { chatId: r.chatId, token: r.token, lastSeq: 0 }));
      // Shown until the welcome frame brings the real summary.
      S.chat = { status: "queued", queuedAt: r.queuedAt, agent: null };
      go("chat");
      connect();
    } catch (e) {
      if ((e as ApiError).code === "no_agents_online") go("offline", (e as Error).message);
      else throw e;
    }
  });
}

export const leave = (d: Fields): Promise<void> =>
  busy(async () => {
    await api("offline", { key: KEY, departmentId: dept(d, S.depts), name: d.name, email: d.email, message: d.message });
    go("sent");
  });

export const survey = (rating: number, comment: string): Promise<void> =>
  busy(async () => {
    if (sess) await api(`chats/${sess.chatId}/survey`, { rating, comment: comment.trim() || undefined }, sess.token);
    store.set(null);
    go("thanks");
  });

async function busy(f: () => Promise<void>): Promise<void> {
  S.busy = true;
  S.error = "";
  draw();
  try {
    await f();
  } catch (e) {
    S.error = (e as Error).message;
  }
  S.busy = false;
  draw();
}

/** Forget the chat (ended, gone, or the visitor starts over) and show the start screen. */
export function reset(): void {
  store.set(null);
  sess = you = null;
  closeSocket();
  Object.assign(S, { chat: null, msgs: [], outbox: [], agentRead: 0, typing: "", notice: "", confirm: false, rating: 0, phase: "idle" });
  seen = readSent = retries = 0;
  endPending = typingOn = false;
  if (S.open) void load();
  else draw();
}

function closeSocket(): void {
  const w = ws;
  ws = null; // first, so its close event is ignored
  S.live = false;
  clearTimeout(timers.retry);
  w?.close(1000);
}

// ---------------------------------------------------------------- socket

function connect(): void {
  if (!sess) return;
  const url = `${location.origin.replace(/^http/, "ws")}/api/widget/chats/${sess.chatId}/ws?since=${seen}`;
  // The token travels as a subprotocol: never in a URL, where it would land in logs.
  const w = (ws = new WebSocket(url, ["parley.v1", "bearer." + sess.token]));
  w.onmessage = (e) => {
    if (ws !== w) return;
    let f: ChatServerFrame;
    try {
      f = JSON.parse(e.data as string) as ChatServerFrame;
    } catch {
      return;
    }
    on(f);
    draw();
  };
  w.onclose = (e) => {
    if (ws !== w) return;
    ws = null;
    S.live = false;
    if (e.code === 4401 || e.code === 4403 || e.code === 4404) return reset();
    if (e.code === 1000 && e.reason === "chat ended") ended();
    else if (S.phase === "chat") later("retry", Math.min(10_000, 500 * 2 ** retries++), connect);
    draw();
  };
}

function tx(f: ChatClientFrame): boolean {
  const ok = S.live && ws?.readyState === 1;
  if (ok) ws!.send(JSON.stringify(f));
  return ok;
}

const flush = (): void => S.outbox.forEach((o) => tx({ type: "msg", clientId: o.clientId, body: o.body }));

function on(f: ChatServerFrame): void {
  switch (f.type) {
    case "welcome":
      retries = 0;
      S.live = true;
      you = f.you;
      S.agentRead = Math.max(S.agentRead, f.reads.agent);
      readSent = Math.max(readSent, f.reads.visitor);
      status(f.chat);
      flush();
      if (endPending) end();
      return;
    case "msg":
      return add(f.message);
    case "ack": {
      const o = S.outbox.find((x) => x.clientId === f.clientId);
      if (o && you) add({ id: f.id, seq: f.seq, at: f.at, clientId: f.clientId, body: f.body, from: you });
      return;
    }
    case "typing":
      if (f.from.kind !== "agent") return;
      S.typing = f.on ? f.from.name : "";
      // A lost "off" must not leave the indicator up forever.
      later("typing", 6000, () => {
        S.typing = "";
        draw();
      });
      return;
    case "read":
      if (f.by === "agent") S.agentRead = Math.max(S.agentRead, f.seq);
      return;
    case "status":
      return status(f.chat);
    case "ended":
      return ended();
    case "error":
      notice(f.message);
      // A refused frame carries no clientId: resend the outbox once the flood window has eased.
      if (f.code === "rate_limited") later("flush", 5000, flush);
  }
}

function notice(text: string): void {
  S.notice = text;
  later("notice", 8000, () => {
    S.notice = "";
    draw();
  });
}

function status(c: ChatSummary): void {
  S.chat = c;
  if (c.status === "ended") ended();
}

function add(m: ChatMessage): void {
  if (m.from.kind === "visitor") S.outbox = S.outbox.filter((o) => o.clientId !== m.clientId);
  if (S.msgs.some((x) => x.seq === m.seq || x.id === m.id)) return;
  S.msgs.push(m);
  S.msgs.sort((a, b) => a.seq - b.seq);
  if (m.seq > seen && sess) {
    sess.lastSeq = seen = m.seq;
    store.set(sess);
  }
  if (m.from.kind === "agent") {
    S.typing = "";
    if (!S.open || document.hidden) S.unread++;
  }
  read();
}

function ended(): void {
  if (S.phase !== "chat") return;
  closeSocket();
  S.confirm = false;
  S.typing = "";
  endPending = false;
  go("survey");
}

// ---------------------------------------------------------------- visitor actions

/** Read receipt for the newest agent message, only while the visitor can actually see it. */
export function read(): void {
  if (!S.open || document.hidden || S.phase !== "chat") return;
  const top = S.msgs.findLast((m) => m.from.kind === "agent")?.seq ?? 0;
  if (top > readSent && tx({ type: "read", seq: top })) readSent = top;
}

export function send(text: string): boolean {
  const body = text.trim();
  if (!body) return false;
  const clientId = Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join("_");
  S.outbox.push({ clientId, body });
  tx({ type: "msg", clientId, body });
  typing(false);
  draw();
  return true;
}

/** on:true at most every 2 s while typing (the agent's view times out), on:false after 3 s idle or on send. */
export function typing(on: boolean): void {
  clearTimeout(timers.idle);
  if (on) {
    timers.idle = setTimeout(typing, 3000, false);
    if (typingOn && Date.now() - typingAt < 2000) return;
    typingAt = Date.now();
  } else if (!typingOn) return;
  typingOn = on;
  tx({ type: "typing", on });
}

export function end(): void {
  S.confirm = false;
  endPending = !tx({ type: "end" });
  draw();
}

/** Sends a file; the server scans it, and it arrives over the socket like any message. */
export async function sendFile(f: File): Promise<void> {
  if (!sess) return;
  S.busy = true;
  draw();
  try {
    await api(`chats/${sess.chatId}/files?name=${encodeURIComponent(f.name)}`, f, sess.token);
  } catch (e) {
    notice(f.name + ": " + (e as Error).message);
  }
  S.busy = false;
  draw();
}

/** Saves a file from the chat: fetched with the chat token (a plain link cannot carry it). */
export async function getFile(m: ChatMessage): Promise<void> {
  const r = sess && (await fetch(`/api/widget/chats/${sess.chatId}/files/${m.file!.id}`, { headers: { authorization: "Bearer " + sess.token }, credentials: "omit" }));
  if (!r?.ok) return notice("That file is no longer available.");
  const a = document.createElement("a");
  a.href = URL.createObjectURL(await r.blob());
  a.download = m.file!.name;
  a.click();
  setTimeout(URL.revokeObjectURL, 1000, a.href);
}
