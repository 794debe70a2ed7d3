// Clients that talk to Parley the way the widget and the console do — REST with fetch, sockets
// with `ws` — plus the message exchange whose latency the benchmark reports. The same exchange
// code drives Parley and the raw relay baseline (bench/relay.mjs), so the two are comparable.
import WebSocket from "ws";

const now = () => performance.now();

// ------------------------------------------------------------------ REST

/**
 * Every simulated person gets their own address in `CF-Connecting-IP`: the per-IP limits
 * (sign-in 20/60 s, chat starts 30/60 s) are meant for one person each, and `wrangler dev`
 * passes the header through to the Worker as the edge would.
 */
let ipCounter = 0;
export function fakeIp() {
  const n = ++ipCounter;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** One REST call; resolves to { status, json, ms } and never throws on an HTTP error status. */
export async function api(origin, path, { method = "GET", body, cookie, ip, token } = {}) {
  // Origin is what the same-origin rule of the console and auth routes checks.
  const headers = { origin };
  if (cookie) headers.cookie = cookie;
  if (ip) headers["cf-connecting-ip"] = ip;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const t0 = now();
  const res = await fetch(origin + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const ms = now() - t0;
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, ms };
}

export async function mustOk(promise, what) {
  const r = await promise;
  if (r.status < 200 || r.status > 299) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  return r;
}

/** Signs in; returns the cookie header (`__Host-parley_session=…`) later calls send. */
export async function signIn(origin, email, password) {
  const r = await fetch(origin + "/api/auth/login", {
    method: "POST",
    headers: { origin, "content-type": "application/json", "cf-connecting-ip": fakeIp() },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`sign-in of ${email}: HTTP ${r.status} ${await r.text()}`);
  const { stage } = await r.json();
  if (stage !== "active") throw new Error(`sign-in of ${email} stopped at stage ${stage}`);
  return r.headers.get("set-cookie").split(";")[0];
}

// ------------------------------------------------------------------ sockets

const wsOrigin = (origin) => origin.replace(/^http/, "ws");

/**
 * A WebSocket that parses every frame and hands it to `onFrame` (replaceable at any time), and
 * lets a caller wait for a frame. `open` registers the waiter before connecting, so no frame
 * (welcome, replay) can be missed.
 */
export class Sock {
  constructor(ws, onFrame) {
    this.ws = ws;
    this.onFrame = onFrame ?? null;
    this.closed = null;
    this.waiters = new Set();
    this.bytesIn = 0;
    ws.on("message", (data) => {
      this.bytesIn += data.length;
      const f = JSON.parse(data.toString());
      this.onFrame?.(f);
      for (const w of this.waiters) w.check(f);
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      if (process.env.BENCH_DEBUG) console.log("close", code, this.closed.reason, this.error ?? "");
      for (const w of this.waiters) w.fail(new Error(`socket closed ${code} ${this.closed.reason} ${this.error ?? ""}`));
    });
    ws.on("error", (e) => (this.error = e.message));
  }

  /** Connects and resolves once a frame matching `until` (default: welcome) has arrived. */
  static async open(url, { headers, protocols, onFrame, until = (f) => f.type === "welcome", timeoutMs = 20_000 } = {}) {
    // No compression: Parley's runtime does not negotiate it, and the relay must not either.
    const s = new Sock(new WebSocket(url, protocols, { headers, perMessageDeflate: false }), onFrame);
    await s.wait(until, timeoutMs);
    return s;
  }

  /** The next frame matching `pred`; rejects if the socket closes or the time runs out first. */
  wait(pred, timeoutMs = 20_000) {
    return new Promise((resolve, reject) => {
      const w = {
        check: (f) => pred(f) && (this.waiters.delete(w), clearTimeout(timer), resolve(f)),
        fail: (e) => (this.waiters.delete(w), clearTimeout(timer), reject(e)),
      };
      const timer = setTimeout(() => w.fail(new Error(`timed out after ${timeoutMs} ms waiting for a frame`)), timeoutMs);
      if (this.closed) return w.fail(new Error(`socket already closed ${this.closed.code}`));
      this.waiters.add(w);
    });
  }

  send(frame) {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Resolves with { code, reason } once the socket has closed (the server closing it, say). */
  whenClosed(timeoutMs = 20_000) {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket not closed after ${timeoutMs} ms`)), timeoutMs);
      this.ws.once("close", () => (clearTimeout(timer), resolve(this.closed)));
    });
  }

  /** Closes (if still open) and resolves once the close handshake is over. */
  close(code = 1000) {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve(this.closed));
      this.ws.close(code);
      setTimeout(() => (this.ws.terminate(), resolve(this.closed)), 5000).unref();
    });
  }
}

export const visitorSocket = (origin, chatId, token, { since = 0, onFrame } = {}) =>
  // The visitor token travels as a subprotocol, exactly as the widget sends it.
  Sock.open(`${wsOrigin(origin)}/api/widget/chats/${chatId}/ws?since=${since}`, { protocols: ["parley.v1", `bearer.${token}`], onFrame });

/** Starts a chat as the widget does (first message included); resolves to { chatId, token, ms }. */
export async function startChat(origin, key, departmentId, message, name = "Bench Visitor") {
  const r = await api(origin, "/api/widget/chats", { method: "POST", ip: fakeIp(), body: { key, departmentId, name, message } });
  if (r.status !== 201) {
    const e = new Error(`start chat: HTTP ${r.status} ${r.json?.error?.code ?? ""}`);
    e.code = r.json?.error?.code ?? `http_${r.status}`;
    throw e;
  }
  return { ...r.json, ms: r.ms };
}

/** A signed-in agent with an open lobby socket, who notices queued chats as the console does. */
export class Agent {
  constructor(origin, { email, id, departmentId }) {
    Object.assign(this, { origin, email, id, departmentId });
    /** chatId → when it first appeared in one of this agent's lobby `queue` frames. */
    this.seen = new Map();
    this.seenWaiters = new Map();
  }

  async signIn(password) {
    this.cookie = await signIn(this.origin, this.email, password);
  }

  /** Opens the lobby and sets the status to online (availability needs both). */
  async goOnline() {
    this.lobby = await Sock.open(`${wsOrigin(this.origin)}/api/console/ws`, {
      headers: { cookie: this.cookie, origin: this.origin },
      onFrame: (f) => {
        if (f.type !== "queue") return;
        const t = now();
        for (const c of f.chats) {
          if (this.seen.has(c.chatId)) continue;
          this.seen.set(c.chatId, t);
          this.seenWaiters.get(c.chatId)?.(t);
        }
      },
      until: (f) => f.type === "presence",
    });
    // Idempotent, so retried like the console would when the local runtime answers 503 under load.
    for (let attempt = 1; ; attempt++) {
      const r = await api(this.origin, "/api/console/status", { method: "POST", cookie: this.cookie, body: { status: "online" } });
      if (r.status !== 503 || attempt === 3) return void (await mustOk(Promise.resolve(r), "status online"));
      await new Promise((done) => setTimeout(done, 500 * attempt));
    }
  }

  /** When the chat showed up in this agent's queue (waits for it up to `timeoutMs`). */
  queuedSeen(chatId, timeoutMs = 10_000) {
    if (this.seen.has(chatId)) return Promise.resolve(this.seen.get(chatId));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (this.seenWaiters.delete(chatId), reject(new Error("queue_push_missing"))), timeoutMs);
      this.seenWaiters.set(chatId, (t) => (clearTimeout(timer), this.seenWaiters.delete(chatId), resolve(t)));
    });
  }

  forget(chatId) {
    this.seen.delete(chatId);
  }

  accept(chatId) {
    return api(this.origin, `/api/console/chats/${chatId}/accept`, { method: "POST", cookie: this.cookie });
  }

  end(chatId) {
    return api(this.origin, `/api/console/chats/${chatId}/end`, { method: "POST", cookie: this.cookie });
  }

  chatSocket(chatId, { since = 0, onFrame } = {}) {
    return Sock.open(`${wsOrigin(this.origin)}/api/console/chats/${chatId}/ws?since=${since}`, { headers: { cookie: this.cookie, origin: this.origin }, onFrame });
  }
}

// ------------------------------------------------------------------ message text

// Deterministic chat lines: the same bodies on every run. One in eight carries something the
// default masking rules replace (a card number, an SSN, a birth date), so masking does real work.
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
const pick = (a) => a[Math.floor(rnd() * a.length)];
const WORDS = (
  "hi hello thanks please order shipping delivery refund account password reset email my the a to is it was for on with can you " +
  "help me I need update address billing invoice payment plan upgrade cancel today tomorrow package tracking arrived damaged size"
).split(" ");
export const PII = ["4111 1111 1111 1111", "5555-5555-5555-4444", "078-05-1120", "born 03/14/1985"];
export function chatLine(i) {
  const words = Array.from({ length: 4 + Math.floor(rnd() * 24) }, () => pick(WORDS));
  if (i % 8 === 0) words.splice(2, 0, PII[(i >> 3) % PII.length]);
  return words.join(" ") + pick([".", "?", "!", ""]);
}
/** True when a delivered body still shows one of the numbers above unmasked. */
export const leaksPii = (body) => PII.some((p) => body.includes(p.replace(/^born /, "")));

// ------------------------------------------------------------------ the exchange

/**
 * Each pair is { visitor: Sock, agent: Sock } on one chat. Every socket sends `messages`
 * messages, one every `intervalMs` (an open-loop schedule: a slow answer does not delay the next
 * send), visitor and agent half an interval apart, pairs spread evenly over the interval so the
 * load is steady. Latency is measured from just before `send` to the `msg` frame on the other
 * side (and to the sender's `ack`), all in this process, so both ends share one clock. Every
 * message is identified by its clientId: a message never delivered counts as lost, one delivered
 * twice as duplicated.
 */
export async function exchange(pairs, { messages, intervalMs, checkMasking = false, settleMs = 15_000 }) {
  const sent = new Map(); // clientId → { at, dir, received, acked, pii }
  const lat = { v2a: [], a2v: [], ack: [] };
  const counts = { duplicated: 0, duplicateAcks: 0, outOfOrder: 0, unmaskedPii: 0, piiSent: 0, sendsOnClosedSocket: 0 };
  const errors = {};
  let firstSend = Infinity;
  let lastReceive = 0;
  let lastAck = 0;
  let line = 0;
  const timeline = [];

  const t0 = now() + 250; // time to arm every timer before the first send
  const timers = [];
  pairs.forEach((pair, i) => {
    for (const side of ["visitor", "agent"]) {
      const sock = pair[side];
      const other = side === "visitor" ? "agent" : "visitor";
      let lastSeq = 0;
      sock.onFrame = (f) => {
        const t = now();
        if (f.type === "msg" || f.type === "ack") {
          const seq = f.type === "msg" ? f.message.seq : f.seq;
          if (seq <= lastSeq) counts.outOfOrder++;
          lastSeq = Math.max(lastSeq, seq);
        }
        if (f.type === "msg") {
          const rec = f.message.clientId && sent.get(f.message.clientId);
          if (!rec || f.message.from.kind !== other) return; // system messages, the first message, replays
          if (++rec.received > 1) return void counts.duplicated++;
          lat[rec.dir].push(t - rec.at);
          if (process.env.BENCH_DEBUG) (timeline[Math.floor((rec.at - t0) / 1000)] ??= []).push(t - rec.at);
          lastReceive = Math.max(lastReceive, t);
          if (checkMasking && rec.pii && leaksPii(f.message.body)) counts.unmaskedPii++;
        } else if (f.type === "ack") {
          const rec = sent.get(f.clientId);
          if (!rec) return;
          if (++rec.acked > 1) return void counts.duplicateAcks++;
          lat.ack.push(t - rec.at);
          lastAck = t;
        } else if (f.type === "error") {
          errors[f.code] = (errors[f.code] ?? 0) + 1;
        }
      };
      const offset = (i / pairs.length) * intervalMs + (side === "agent" ? intervalMs / 2 : 0);
      let k = 0;
      const sendNext = () => {
        if (sock.closed) return void counts.sendsOnClosedSocket++;
        const clientId = `${side[0]}${i}_${k}`;
        const n = line++;
        const body = chatLine(n);
        const rec = { at: now(), dir: side === "visitor" ? "v2a" : "a2v", received: 0, acked: 0, pii: n % 8 === 0 };
        if (rec.pii) counts.piiSent++;
        sent.set(clientId, rec);
        firstSend = Math.min(firstSend, rec.at);
        sock.send({ type: "msg", clientId, body });
        if (++k < messages) timers.push(setTimeout(sendNext, Math.max(0, t0 + offset + k * intervalMs - now())));
      };
      timers.push(setTimeout(sendNext, Math.max(0, t0 + offset - now())));
    }
  });

  // Wait for the schedule to finish, then until every message is delivered and acknowledged.
  // A slow server is not a lossy one: only when nothing at all arrives for `settleMs` does the
  // wait end, and whatever is missing then is reported as lost.
  const total = pairs.length * 2 * messages;
  await new Promise((r) => setTimeout(r, Math.max(0, t0 + messages * intervalMs - now())));
  const scheduleEnd = now();
  const done = () => sent.size === total && [...sent.values()].every((r) => r.received > 0 && r.acked > 0);
  while (!done() && now() - Math.max(scheduleEnd, lastReceive, lastAck) < settleMs) await new Promise((r) => setTimeout(r, 50));
  for (const t of timers) clearTimeout(t);

  if (process.env.BENCH_DEBUG) {
    for (const [sec, xs] of timeline.entries()) {
      if (!xs) continue;
      xs.sort((a, b) => a - b);
      console.log(`   t=${sec}s n=${xs.length} p50=${xs[xs.length >> 1].toFixed(1)} max=${xs.at(-1).toFixed(1)}`);
    }
  }
  counts.socketsClosed = pairs.reduce((n, p) => n + (p.visitor.closed ? 1 : 0) + (p.agent.closed ? 1 : 0), 0);
  const recs = [...sent.values()];
  const delivered = recs.filter((r) => r.received > 0).length;
  return {
    sent: recs.length,
    scheduled: total,
    delivered,
    lost: total - delivered,
    unacked: recs.filter((r) => r.acked === 0).length,
    ...counts,
    errors,
    lat,
    seconds: (lastReceive - firstSend) / 1000,
    msgsPerSecond: Math.round(delivered / ((lastReceive - firstSend) / 1000)),
  };
}

/**
 * One unmeasured message each way in every chat, and a wait until all have arrived. Chats that
 * sat idle while the others were being opened may have been put to sleep (hibernation), and a
 * few hundred waking in the same second is a burst no real traffic produces; scenario 4 measures
 * what one message to a sleeping chat costs. The measured schedule (`exchange`) then finds every
 * chat awake.
 */
export async function warmUp(pairs, settleMs = 15_000) {
  let pending = pairs.length * 2;
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, settleMs);
    pairs.forEach((pair, i) => {
      for (const [side, other] of [["visitor", "agent"], ["agent", "visitor"]]) {
        const clientId = `warm_${side[0]}${i}`;
        pair[other].onFrame = (f) => {
          if (f.type === "msg" && f.message.clientId?.startsWith("warm_") && --pending === 0) clearTimeout(timer), resolve();
        };
        pair[side].send({ type: "msg", clientId, body: "(warm-up)" });
      }
    });
  });
  await new Promise((r) => setTimeout(r, 1000));
}

/**
 * Sends `frames` frames over one socket without crossing the per-socket flood budget (30 frames
 * per fixed 10-second window): at most 25 in any 10 seconds, which keeps every fixed window
 * safely under the limit.
 */
export async function paced(sock, frames, perWindow = 25, windowMs = 10_000) {
  const times = [];
  for (const f of frames) {
    if (times.length >= perWindow) {
      const wait = times[times.length - perWindow] + windowMs + 50 - now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    times.push(now());
    sock.send(f);
  }
}
