// `npm run bench`: latency, throughput, scale and size of Parley in one run, against a raw
// relay baseline. Starts the product under workerd (scripts/lib/stack.mjs, as `npm start` does,
// on its own ports and a throw-away state folder), creates its own tenant through the operator
// API, drives visitors and agents over real sockets from this Node process, and writes
// bench/results/latest.json and latest.md. How to read the figures: docs/performance.md.
//
//   npm run bench                  defaults (about 8 minutes on 2 cores)
//   npm run bench:quick            the same scenarios, smaller (under 2 minutes)
//   npm run bench -- --chats 50,200 --messages 30 --interval 1000 --agents 20
//   npm run bench -- --only delivery,queue     (delivery, connect, queue, masking, size)
//   BENCH_DEBUG=1 npm run bench                 also prints socket closes, per-second latency and the product's log
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { devVar, startStack } from "../scripts/lib/stack.mjs";
import { Agent, api, chatLine, exchange, mustOk, paced, signIn, Sock, startChat, visitorSocket, warmUp } from "./clients.mjs";
import { startRelay } from "./relay.mjs";
import { measureSizes } from "./sizes.mjs";
import { markdown, targets } from "./report.mjs";
import { cpuByRole, cpuPer, fmtLatency, pool, ratio, sleep, summary } from "./stats.mjs";

// ------------------------------------------------------------------ parameters

// Each participant sends a message every `interval` ms: faster than people type, yet (at 500
// chats, 250 messages a second) within what one workerd process on a shared 2-core machine can
// carry next to the clients, so the latency measured is the product's rather than a queue's.
const FULL = { chats: "50,200,500", messages: "8", interval: "4000", agents: "20", "presence-agents": "200", samples: "20", "step-seconds": "5" };
const QUICK = { chats: "50", messages: "6", interval: "1000", agents: "10", "presence-agents": "30", samples: "8", "step-seconds": "2" };
const SCENARIOS = ["delivery", "connect", "queue", "masking", "size"];
const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    chats: { type: "string" },
    messages: { type: "string" },
    interval: { type: "string" },
    agents: { type: "string" },
    "presence-agents": { type: "string" },
    samples: { type: "string" },
    "step-seconds": { type: "string" },
    only: { type: "string" },
  },
});
const base = flags.quick ? QUICK : FULL;
const pick = (k) => flags[k] ?? base[k];
const P = {
  chats: pick("chats").split(",").map(Number),
  messages: Number(pick("messages")),
  intervalMs: Number(pick("interval")),
  agents: Number(pick("agents")),
  presenceAgents: Number(pick("presence-agents")),
  samples: Number(pick("samples")),
  stepSeconds: Number(pick("step-seconds")),
  // Chats per second tried by the queue scenario, lowest first; it stops at the first failing step.
  rates: [2, 3, 5, 7, 10, 15, 20, 30, 40, 60, 80, 100, 150, 200],
  scenarios: flags.only ? flags.only.split(",") : SCENARIOS,
};
const custom = Object.keys(FULL).some((k) => flags[k] !== undefined) || flags.only !== undefined;
const mode = custom ? "custom" : flags.quick ? "quick" : "full";
for (const s of P.scenarios) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}; choose from ${SCENARIOS.join(", ")}`);

// Ports and state of our own, so the bench can run next to `npm start` (8787/8788) and the
// browser tests (8797/8798).
const PORT = 8807;
const DEMO_PORT = 8808;
const PASSWORD = "bench-password-2026";
// wrangler dev prints a line per request from its Node process; on 2 cores that logging alone
// takes about a quarter of a core under load and is no part of the product. Warnings and errors
// (including the Worker's console.error) still show.
process.env.WRANGLER_LOG ??= "warn";
const DEPARTMENTS = ["Sales", "Support"];

const log = (...a) => console.log(...a);
const heading = (title, params) => log(`\n== ${title}\n   ${Object.entries(params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`).join("  ")}`);
const now = () => performance.now();

// ------------------------------------------------------------------ set-up and tear-down

const REPO = resolve(new URL("..", import.meta.url).pathname);
const RESULTS = join(REPO, "bench/results");

/**
 * The bench runs a copy of the working tree taken at its start. `wrangler dev` rebuilds and
 * restarts the Worker whenever a source or asset file changes, which drops every open socket;
 * on a tree someone is editing (or running `npm test`, which rebuilds dist/web) that would
 * end a run half-way. The copy also keeps the bench's own build out of dist/web.
 */
function snapshot() {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-src-"));
  for (const f of ["core", "durable", "worker", "web", "scripts", "migrations", "bench", "wrangler.toml", "package.json", "tsconfig.json", "worker-configuration.d.ts", ".dev.vars"]) {
    if (existsSync(join(REPO, f))) cpSync(join(REPO, f), join(dir, f), { recursive: true, filter: (src) => !src.startsWith(RESULTS) });
  }
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

let stack = null;
let relay = null;
let stateDir = null;
let srcDir = null;
async function cleanup() {
  const s = stack;
  stack = null;
  await relay?.stop().catch(() => {});
  relay = null;
  await s?.stop().catch(() => {});
  process.chdir(REPO);
  for (const d of [stateDir, srcDir]) if (d) rmSync(d, { recursive: true, force: true });
  stateDir = srcDir = null;
}
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    log(`\n${sig}: stopping the product…`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** Our own tenant: two departments, an administrator and `presenceAgents` agents split between them. */
async function provision(origin) {
  const label = Math.random().toString(36).slice(2, 8);
  const key = `pk_bench_${label}`;
  const agents = Array.from({ length: Math.max(P.agents, P.presenceAgents) }, (_, i) => ({
    email: `agent${String(i + 1).padStart(2, "0")}-${label}@bench.example`,
    name: `Agent ${i + 1}`,
    role: "agent",
    password: PASSWORD,
    departments: [DEPARTMENTS[i % DEPARTMENTS.length]],
  }));
  const admin = { email: `admin-${label}@bench.example`, name: "Bench Admin", role: "site_admin", password: PASSWORD, departments: [] };
  // The operator API is idempotent by key and e-mail, so users go in batches: each request hashes
  // every new password (PBKDF2, about 25 ms each) and should not run for many seconds.
  const ids = { users: {} };
  const users = [admin, ...agents];
  for (let i = 0; i < users.length; i += 50) {
    const r = await mustOk(
      api(origin, "/api/operator/tenants", {
        method: "POST",
        token: devVar("PROVISION_TOKEN"),
        body: { name: `Bench ${label}`, publicKey: key, allowedOrigins: [], departments: DEPARTMENTS, users: users.slice(i, i + 50) },
      }),
      "provisioning the bench tenant",
    );
    Object.assign(ids.users, r.json.users);
    ids.departments = r.json.departments;
  }
  const all = agents.map((a) => new Agent(origin, { email: a.email, id: ids.users[a.email], departmentId: ids.departments[a.departments[0]] }));
  return {
    key,
    admin,
    departments: ids.departments,
    // The working agents take chats; the idle ones only come online for the presence fan-out.
    agents: all.slice(0, P.agents),
    idle: all.slice(P.agents),
    online: () => all.filter((a) => a.lobby && !a.lobby.closed),
  };
}

/**
 * Masking during chat must be on for the delivery scenario. Cards and SSNs are masked by
 * default; birth dates are switched on too, so every message runs all three detectors.
 */
async function maskEverything(origin, admin) {
  const cookie = await signIn(origin, admin.email, admin.password);
  const { json } = await mustOk(api(origin, "/api/admin/settings/chat", { cookie }), "reading chat settings");
  const defaults = { ...json.settings.visitor };
  const settings = { ...json.settings, visitor: { ...json.settings.visitor, maskCards: true, maskSsn: true, maskBirthDates: true } };
  await mustOk(api(origin, "/api/admin/settings/chat", { method: "PUT", cookie, body: settings }), "saving chat settings");
  return { defaults: { cards: defaults.maskCards, ssn: defaults.maskSsn, birthDates: defaults.maskBirthDates }, during: { cards: true, ssn: true, birthDates: true } };
}

// ------------------------------------------------------------------ scenarios 1 and 2: delivery

/**
 * Opens C chats on Parley as people do: the visitor starts (widget), the agent accepts
 * (console), both sockets open, and the agent greets the visitor. The greeting matters: an
 * agent's first message in a chat also records their session's activity in D1 (then at most once
 * a minute per chat), so greeting during set-up spreads those writes the way staggered chat
 * starts would, instead of firing all of them in the first second of the measurement. Returns
 * the pairs and the greetings' ack latency (an agent's first message in a chat).
 */
async function openParleyChats(origin, t, count) {
  const greetingAckMs = [];
  const pairs = await pool(Array.from({ length: count }, (_, i) => i), 12, async (i) => {
    const agent = t.agents[i % t.agents.length];
    const { chatId, token } = await startChat(origin, t.key, agent.departmentId, chatLine(i));
    await mustOk(agent.accept(chatId), "accept");
    agent.forget(chatId);
    const visitor = await visitorSocket(origin, chatId, token);
    const agentSock = await agent.chatSocket(chatId);
    const t0 = now();
    agentSock.send({ type: "msg", clientId: "hello", body: "Hi, thanks for waiting. How can I help?" });
    await agentSock.wait((f) => f.type === "ack" && f.clientId === "hello");
    greetingAckMs.push(now() - t0);
    return { visitor, agent: agentSock };
  });
  return { pairs, greetingAckMs: summary(greetingAckMs) };
}

/** The visitor ends each chat (transcript to D1, actor erased); waits for both sockets to close. */
async function endParleyChats(pairs) {
  await pool(pairs, 16, async (p) => {
    p.visitor.send({ type: "end" });
    await Promise.all([p.visitor.whenClosed(), p.agent.whenClosed()]);
  });
}

/** Warms the chats up, runs the exchange and adds what it cost in CPU per delivered message, by process. */
async function measuredExchange(pairs, opts) {
  await warmUp(pairs);
  const before = cpuByRole(PORT);
  const r = await exchange(pairs, opts);
  return { ...describeExchange(r), cpuMsPerMessage: cpuPer(before, cpuByRole(PORT), r.delivered) };
}

function describeExchange(r) {
  return {
    sent: r.sent,
    delivered: r.delivered,
    lost: r.lost,
    duplicated: r.duplicated,
    unacked: r.unacked,
    duplicateAcks: r.duplicateAcks,
    outOfOrder: r.outOfOrder,
    errorFrames: r.errors,
    socketsClosed: r.socketsClosed,
    sendsOnClosedSocket: r.sendsOnClosedSocket,
    piiSent: r.piiSent,
    unmaskedPii: r.unmaskedPii,
    msgsPerSecond: r.msgsPerSecond,
    visitorToAgentMs: summary(r.lat.v2a),
    agentToVisitorMs: summary(r.lat.a2v),
    ackMs: summary(r.lat.ack),
  };
}

async function delivery(origin, t) {
  heading("1+2. Delivery latency against the raw relay", { chats: P.chats, messagesPerSide: P.messages, intervalMs: P.intervalMs, agents: P.agents, masking: "cards, SSN, birth dates" });
  relay = await startRelay();
  const levels = [];
  for (const C of P.chats) {
    const opts = { messages: P.messages, intervalMs: P.intervalMs };
    // The floor first: the same number of socket pairs on the relay, the same schedule.
    const relayPairs = await pool(Array.from({ length: C }, (_, i) => i), 32, async (i) => ({
      visitor: await Sock.open(relay.url(`c${C}_${i}`, "visitor")),
      agent: await Sock.open(relay.url(`c${C}_${i}`, "agent")),
    }));
    const base = await measuredExchange(relayPairs, opts);
    await Promise.all(relayPairs.flatMap((p) => [p.visitor.close(), p.agent.close()]));

    const t0 = now();
    const { pairs, greetingAckMs } = await openParleyChats(origin, t, C);
    const setupS = +((now() - t0) / 1000).toFixed(1);
    const parley = await measuredExchange(pairs, { ...opts, checkMasking: true });
    await endParleyChats(pairs);

    const ratios = {};
    for (const dir of ["visitorToAgentMs", "agentToVisitorMs"]) {
      ratios[dir] = Object.fromEntries(["p50", "p95", "p99", "max"].map((p) => [p, ratio(parley[dir][p], base[dir][p])]));
    }
    levels.push({ chats: C, setupSeconds: setupS, greetingAckMs, parley, relay: base, ratio: ratios });
    log(
      `   C=${C}: parley v→a ${fmtLatency(parley.visitorToAgentMs)} ms, a→v ${fmtLatency(parley.agentToVisitorMs)} ms, ${parley.msgsPerSecond} msg/s, ` +
        `lost ${parley.lost}, dup ${parley.duplicated} | relay v→a ${fmtLatency(base.visitorToAgentMs)} ms | p99 ×${ratios.visitorToAgentMs.p99}/×${ratios.agentToVisitorMs.p99}` +
        ` | CPU ms/msg ${JSON.stringify(parley.cpuMsPerMessage)} relay ${JSON.stringify(base.cpuMsPerMessage)}`,
    );
  }
  await relay.stop();
  relay = null;
  return levels;
}

// ------------------------------------------------------------------ scenario 4: connect and resume

async function connectAndResume(origin, t) {
  heading("4. Connect and resume", { samples: P.samples, missedMessages: P.messages });
  // Widget open → first acknowledged message, one visitor at a time on an otherwise idle product:
  // config (what the widget loads when opened), start (POST with the first message), the socket
  // up to its welcome, then one typed message until its ack.
  const phases = { config: [], start: [], socket: [], ack: [], total: [] };
  const deptId = t.agents[0].departmentId;
  for (let i = 0; i < P.samples; i++) {
    const t0 = now();
    const cfg = await mustOk(api(origin, `/api/widget/config?key=${t.key}`), "widget config");
    if (!cfg.json.departments.some((d) => d.id === deptId && d.online)) throw new Error("no agent online for the connect scenario");
    const t1 = now();
    const { chatId, token } = await startChat(origin, t.key, deptId, "Hello, is anyone there?");
    const t2 = now();
    const v = await visitorSocket(origin, chatId, token);
    const t3 = now();
    v.send({ type: "msg", clientId: "first", body: "I have a question about my order" });
    await v.wait((f) => f.type === "ack" && f.clientId === "first");
    const t4 = now();
    for (const [k, ms] of Object.entries({ config: t1 - t0, start: t2 - t1, socket: t3 - t2, ack: t4 - t3, total: t4 - t0 })) phases[k].push(ms);
    v.send({ type: "end" });
    await v.whenClosed();
  }
  const connect = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, summary(v)]));
  log(`   widget open → first ack: ${fmtLatency(connect.total)} ms (p50/p95/p99/max)`);

  // Resume: the visitor drops, the agent sends M messages, the visitor reconnects with
  // since=<last seq it had> and must receive exactly those M, in order.
  const chats = await pool(Array.from({ length: P.samples }, (_, i) => i), 8, async (i) => {
    const agent = t.agents[i % t.agents.length];
    const { chatId, token } = await startChat(origin, t.key, agent.departmentId, "Hello");
    await mustOk(agent.accept(chatId), "accept");
    agent.forget(chatId);
    let since = 0;
    const v = await visitorSocket(origin, chatId, token, { onFrame: (f) => f.type === "welcome" && (since = f.lastSeq) });
    const a = await agent.chatSocket(chatId);
    await v.close();
    return { chatId, token, since, agent: a };
  });
  // An agent's first and second message in a chat, one chat at a time: the first also records
  // the agent's session activity in D1 (see docs/performance.md, Findings).
  const agentAck = { first: [], second: [] };
  for (const c of chats) {
    for (const [k, list] of [["a_first", agentAck.first], ["a_second", agentAck.second]]) {
      const t0 = now();
      c.agent.send({ type: "msg", clientId: k, body: "One moment, let me check that for you." });
      await c.agent.wait((f) => f.type === "ack" && f.clientId === k);
      list.push(now() - t0);
    }
    c.since += 2;
  }
  await Promise.all(
    chats.map(async (c) => {
      const frames = Array.from({ length: P.messages }, (_, k) => ({ type: "msg", clientId: `r${k}`, body: chatLine(k) }));
      const acked = new Set();
      c.agent.onFrame = (f) => f.type === "ack" && acked.add(f.clientId);
      await paced(c.agent, frames);
      while (acked.size < P.messages) await c.agent.wait((f) => f.type === "ack", 30_000);
    }),
  );
  const resume = [];
  let wrong = 0;
  for (const c of chats) {
    const got = [];
    let target = null;
    const t0 = now();
    const v = await Sock.open(`${origin.replace(/^http/, "ws")}/api/widget/chats/${c.chatId}/ws?since=${c.since}`, {
      protocols: ["parley.v1", `bearer.${c.token}`],
      until: (f) => {
        if (f.type === "welcome") return (target = f.lastSeq) <= c.since;
        if (f.type === "msg") got.push(f.message.seq);
        return f.type === "msg" && f.message.seq >= target;
      },
    });
    resume.push(now() - t0);
    const expected = Array.from({ length: P.messages }, (_, k) => c.since + 1 + k);
    if (got.join() !== expected.join()) wrong++;
    c.visitor = v;
  }

  // A message after a pause: people type every few seconds to minutes, and an actor whose
  // sockets are quiet is put to sleep (hibernation) and woken by the next frame. After
  // `IDLE_S` seconds of silence, one message per chat, one chat at a time: half the chats
  // visitor→agent, half agent→visitor.
  const IDLE_S = 15;
  await sleep(IDLE_S * 1000);
  const cold = { visitorToAgent: [], agentToVisitor: [] };
  for (const [i, c] of chats.entries()) {
    const [from, to, key] = i % 2 ? [c.agent, c.visitor, "agentToVisitor"] : [c.visitor, c.agent, "visitorToAgent"];
    const t0 = now();
    from.send({ type: "msg", clientId: "after-pause", body: "Are you still there?" });
    await to.wait((f) => f.type === "msg" && f.message.clientId === "after-pause");
    cold[key].push(now() - t0);
  }
  await pool(chats, 8, async (c) => {
    c.visitor.send({ type: "end" });
    await Promise.all([c.visitor.whenClosed(), c.agent.whenClosed()]);
  });
  const out = {
    connect,
    resume: { missedMessages: P.messages, ms: summary(resume), incompleteReplays: wrong },
    afterPause: { idleSeconds: IDLE_S, visitorToAgentMs: summary(cold.visitorToAgent), agentToVisitorMs: summary(cold.agentToVisitor) },
    agentAckMs: { firstInChat: summary(agentAck.first), second: summary(agentAck.second) },
  };
  log(`   agent's message → ack, one chat at a time: first in the chat ${fmtLatency(out.agentAckMs.firstInChat)} ms, second ${fmtLatency(out.agentAckMs.second)} ms`);
  log(`   resume with ${P.messages} missed: ${fmtLatency(out.resume.ms)} ms, incomplete replays ${wrong}`);
  log(`   after ${IDLE_S} s idle: visitor→agent ${fmtLatency(out.afterPause.visitorToAgentMs)} ms, agent→visitor ${fmtLatency(out.afterPause.agentToVisitorMs)} ms`);
  return out;
}

// ------------------------------------------------------------------ scenario 3: the tenant's queue

/**
 * One step of the queue scenario: `rate` chats per second for `seconds` through one tenant. A
 * visitor starts a chat, the agent whose turn it is sees it in the lobby's queue frame, accepts
 * it, and ends it (so the tenant's state stays the size of a steady state instead of growing).
 * Open-loop: chats start on schedule whether or not earlier ones have finished.
 */
let turn = 0;
async function queueStep(origin, t, rate, seconds) {
  const lat = { start: [], queued: [], accept: [], startToAccept: [], end: [] };
  const errors = {};
  const n = Math.round(rate * seconds);
  const lobbies = t.online();
  const lobbyBefore = lobbies.reduce((a, g) => a + g.lobby.bytesIn, 0);
  const cpuBefore = cpuByRole(PORT);
  const t0 = now() + 50;
  let inFlight = 0;
  let backlog = false;
  let lastDone = t0;
  const runs = [];
  for (let j = 0; j < n; j++) {
    const wait = t0 + (j * 1000) / rate - now();
    if (wait > 0) await sleep(wait);
    if (inFlight > 1000) {
      backlog = true; // hopelessly behind schedule: stop offering more
      break;
    }
    const agent = t.agents[turn++ % t.agents.length];
    inFlight++;
    runs.push(
      (async () => {
        const ts = now();
        try {
          const s = await startChat(origin, t.key, agent.departmentId, chatLine(j));
          const seen = await agent.queuedSeen(s.chatId);
          const a = await agent.accept(s.chatId);
          if (a.status !== 200) throw Object.assign(new Error(), { code: a.json?.error?.code ?? `http_${a.status}` });
          const accepted = now();
          agent.forget(s.chatId);
          const e = await agent.end(s.chatId);
          if (e.status !== 200) throw Object.assign(new Error(), { code: `end_${e.json?.error?.code ?? e.status}` });
          lat.start.push(s.ms);
          lat.queued.push(seen - ts);
          lat.accept.push(a.ms);
          lat.startToAccept.push(accepted - ts);
          lat.end.push(e.ms);
        } catch (err) {
          const code = err.code ?? err.message;
          errors[code] = (errors[code] ?? 0) + 1;
        } finally {
          inFlight--;
          lastDone = now();
        }
      })(),
    );
  }
  await Promise.all(runs);
  const latencyMs = Object.fromEntries(Object.entries(lat).map(([k, v]) => [k, summary(v)]));
  const completed = lat.startToAccept.length;
  const failedBy = Object.keys(errors).length
    ? `errors ${JSON.stringify(errors)}`
    : backlog
      ? "backlog"
      : latencyMs.startToAccept.p99 > 250
        ? `p99 ${latencyMs.startToAccept.p99} ms > 250 ms`
        : null;
  const lobbyBytes = lobbies.reduce((a, g) => a + g.lobby.bytesIn, 0) - lobbyBefore;
  return {
    rate,
    agentsOnline: lobbies.length,
    offered: runs.length,
    completed,
    achievedPerSecond: +(completed / ((lastDone - t0) / 1000)).toFixed(1),
    errors,
    latencyMs,
    cpuMsPerChat: cpuPer(cpuBefore, cpuByRole(PORT), completed),
    lobbyKBPerChat: completed ? +(lobbyBytes / completed / 1024).toFixed(1) : null,
    passed: !failedBy,
    failedBy,
  };
}

/**
 * What each step of a chat's life costs the product, one chat at a time: CPU of the product's
 * workerd and bytes pushed to the lobbies, per start (widget), accept and end (console).
 */
async function perOperation(origin, t, n = 20) {
  const lobbyBytes = () => t.online().reduce((a, g) => a + g.lobby.bytesIn, 0);
  const marks = [];
  const mark = () => marks.push({ cpu: cpuByRole(PORT), lobby: lobbyBytes() });
  const chats = [];
  mark();
  for (let i = 0; i < n; i++) {
    const agent = t.agents[turn++ % t.agents.length];
    chats.push({ agent, ...(await startChat(origin, t.key, agent.departmentId, chatLine(i))) });
  }
  await Promise.all(chats.map((c) => c.agent.queuedSeen(c.chatId)));
  mark();
  for (const c of chats) {
    await mustOk(c.agent.accept(c.chatId), "accept");
    c.agent.forget(c.chatId);
  }
  await sleep(200); // the last lobby frames
  mark();
  for (const c of chats) await mustOk(c.agent.end(c.chatId), "end");
  await sleep(200);
  mark();
  const op = (i) => ({ productCpuMs: cpuPer(marks[i].cpu, marks[i + 1].cpu, n)?.product, lobbyKB: +((marks[i + 1].lobby - marks[i].lobby) / n / 1024).toFixed(1) });
  return { agentsOnline: t.online().length, chats: n, start: op(0), accept: op(1), end: op(2) };
}

const stepLine = (s) =>
  `   ${String(s.rate).padStart(3)} chats/s, ${s.agentsOnline} agents online: start→accept ${fmtLatency(s.latencyMs.startToAccept)} ms, ` +
  `completed ${s.completed}/${s.offered}, product CPU ${s.cpuMsPerChat?.product} ms/chat, lobby ${s.lobbyKBPerChat} KB/chat${s.failedBy ? `  ✗ ${s.failedBy}` : "  ✓"}`;

/**
 * The ramp: rates from P.rates, lowest first, until the first step with an error or a p99
 * start→accept above 250 ms. Then presence fan-out: the same low rate again with
 * `presenceAgents` agents online, because every queue and presence change is pushed to every
 * lobby socket as a full snapshot: the tenant actor's work per chat grows with its agents.
 */
async function queueCeiling(origin, t) {
  heading("3. Queue and presence: one tenant's ceiling", {
    agents: P.agents,
    departments: DEPARTMENTS.length,
    stepSeconds: P.stepSeconds,
    rates: P.rates,
    limit: "p99 start→accept ≤ 250 ms, no error",
    presenceAgents: P.presenceAgents,
  });
  const steps = [];
  let ceiling = null;
  for (const rate of P.rates) {
    const s = await queueStep(origin, t, rate, P.stepSeconds);
    steps.push(s);
    log(stepLine(s));
    if (!s.passed) break;
    ceiling = rate;
    await sleep(1000); // let the last transcripts land before the next step
  }

  // Cost per operation, then the same with the idle colleagues online (lobby open, status
  // online): presence fan-out. The first rate of the ramp runs again with all of them.
  await sleep(2000);
  const operations = [await perOperation(origin, t, P.samples)];
  await pool(t.idle, 4, (a) => a.signIn(PASSWORD));
  await pool(t.idle, 4, (a) => a.goOnline());
  await sleep(1000);
  operations.push(await perOperation(origin, t, P.samples));
  for (const o of operations) {
    log(`   one at a time, ${o.agentsOnline} agents online: ` + ["start", "accept", "end"].map((k) => `${k} ${o[k].productCpuMs} ms CPU, ${o[k].lobbyKB} KB to lobbies`).join("; "));
  }
  const fanOut = await queueStep(origin, t, P.rates[0], P.stepSeconds * 2);
  log(stepLine(fanOut));
  await Promise.all(t.idle.map((a) => a.lobby.close()));
  return { agents: P.agents, stepSeconds: P.stepSeconds, ceilingChatsPerSecond: ceiling, steps, fanOut, operations };
}

// ------------------------------------------------------------------ scenario 5: masking

function masking() {
  heading("5. Masking engine (bench/masking.mjs)", { realisticCorpusMB: 4, adversarialMBEach: 1, message: "2 KB" });
  const r = spawnSync("node", ["bench/masking.mjs"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench/masking.mjs failed:\n${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split("\n").pop());
  log(`   realistic ${m.realisticMBps} MB/s, adversarial worst ${m.adversarialMBps.worst} MB/s, 2 KB message ${m.message2kMs.median} ms`);
  return m;
}

function spawnSyncOk(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, CI: "true" } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

// ------------------------------------------------------------------ D1 footprint

/** Rows and bytes the run's transcripts take in D1 (what a chat writes there when it ends). */
function d1Footprint() {
  const sql =
    "SELECT COUNT(*) AS transcripts, SUM(message_count) AS messages, SUM(LENGTH(body_enc)) AS bodyBytes, " +
    "SUM(LENGTH(body_enc) + IFNULL(LENGTH(visitor_name_enc), 0) + IFNULL(LENGTH(visitor_email_enc), 0) + 200) AS rowBytesApprox, " +
    "(SELECT COUNT(*) FROM transcript_agents) AS agentRows FROM transcripts";
  const r = spawnSync("node", ["node_modules/wrangler/bin/wrangler.js", "d1", "execute", "DB", "--local", "--persist-to", stateDir, "--json", "--command", sql], {
    encoding: "utf8",
    // wrangler prints --json output at its "log" level, which the bench's "warn" would hide.
    env: { ...process.env, CI: "true", WRANGLER_LOG: "log" },
  });
  let row;
  try {
    row = JSON.parse(r.stdout)[0].results[0];
  } catch {
    return { error: `${r.stdout}${r.stderr}`.slice(-500) };
  }
  return {
    ...row,
    bytesPerMessage: Math.round(row.bodyBytes / row.messages),
    rowsWrittenPerChat: +((row.transcripts + row.agentRows) / row.transcripts).toFixed(2),
  };
}

// ------------------------------------------------------------------ machine

function machine() {
  const cpu = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model ?? "unknown";
  return { cores: cpus().length, cpu, node: process.version, loadAverage1m: +loadavg()[0].toFixed(2) };
}

// ------------------------------------------------------------------ main

const started = Date.now();
const result = { mode, startedAt: new Date(started).toISOString(), machine: machine(), params: P };
log(`Parley benchmark (${mode}): ${result.machine.cores} cores, ${result.machine.cpu}, Node ${result.machine.node}, load ${result.machine.loadAverage1m}`);
/** Fails early when the bench's ports are taken (another bench running?): a second wrangler dev would not start, and the health check would find the first. */
async function assertPortsFree() {
  for (const port of [PORT, DEMO_PORT]) {
    const busy = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (busy) throw new Error(`port ${port} is in use: is another \`npm run bench\` running?`);
  }
}

try {
  await assertPortsFree();
  srcDir = snapshot();
  process.chdir(srcDir);
  // Masking first, while nothing else of ours is running.
  if (P.scenarios.includes("masking")) result.masking = masking();

  // Build the web apps (into the copy), weigh everything, then start the product. The Worker
  // bundle is weighed before wrangler dev runs, as a dry-run deploy in the same folder would
  // make it restart.
  spawnSyncOk("node", ["scripts/build-web.mjs"]);
  if (P.scenarios.includes("size")) {
    heading("6. Size", { gzip: "level 9", widget: "widget.js + w/frame.{html,css,js}", console: "console page + eager modules", worker: "wrangler deploy --dry-run" });
    result.sizes = measureSizes();
    log(`   widget ${result.sizes.widget.gzip} B, console ${result.sizes.console.gzip} B, worker ${result.sizes.worker.asConfigured.gzip} B gzipped`);
  }

  log(`\nStarting the product on http://127.0.0.1:${PORT} (migrations, wrangler dev)…`);
  stateDir = mkdtempSync(join(tmpdir(), "parley-bench-"));
  stack = await startStack({ port: PORT, demoPort: DEMO_PORT, persistTo: stateDir, quiet: true, build: false });
  const origin = stack.origin;

  const live = ["delivery", "connect", "queue"].filter((s) => P.scenarios.includes(s));
  if (live.length) {
    const t = await provision(origin);
    result.maskingSettings = await maskEverything(origin, t.admin);
    const settingsChangedAt = now();
    await pool(t.agents, 4, (a) => a.signIn(PASSWORD));
    await pool(t.agents, 4, (a) => a.goOnline());
    log(`\nTenant ${t.key}: ${t.agents.length} agents online in ${DEPARTMENTS.join(", ")}; masking during chat ${JSON.stringify(result.maskingSettings.during)}`);
    // Settings are cached for up to 5 s per isolate: wait until the change reaches every chat.
    await sleep(Math.max(0, settingsChangedAt + 5_500 - now()));

    if (live.includes("delivery")) result.delivery = await delivery(origin, t);
    if (live.includes("connect")) result.connect = await connectAndResume(origin, t);
    if (live.includes("queue")) result.queue = await queueCeiling(origin, t);
    await Promise.all(t.agents.map((a) => a.lobby?.close()));
    if (process.env.BENCH_DEBUG) log(`--- wrangler dev log ---\n${stack.log().replace(/.*Request\.cf[\s\S]*?callbackTrampoline.*\n/g, "")}`);
    // What the ended chats left in D1, read from the local database once workerd has stopped.
    await stack.stop();
    stack = null;
    result.d1 = d1Footprint();
  }
} catch (err) {
  // The product's own log usually says why (the Worker's and actors' errors land there).
  if (stack) console.error(`\n--- wrangler dev log (last lines) ---\n${stack.log().slice(-4000)}\n---`);
  throw err;
} finally {
  await cleanup();
}

result.durationSeconds = Math.round((Date.now() - started) / 1000);
result.loadAfter = +loadavg()[0].toFixed(2);
result.targets = targets(result);
const md = markdown(result);
mkdirSync(RESULTS, { recursive: true });
// Only a run with the default parameters replaces the committed record; others go next to it.
const name = mode === "full" ? "latest" : mode;
writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify(result, null, 2) + "\n");
writeFileSync(join(RESULTS, `${name}.md`), md);
log(`\n${md}\nWritten: bench/results/${name}.json, bench/results/${name}.md`);
