// The report of a bench run: the targets it is held against and the Markdown tables printed at
// the end and written to bench/results/*.md. Reads only the result object bench/run.mjs builds.
import { fmt, fmtLatency, mdTable } from "./stats.mjs";

export function targets(r) {
  const out = [];
  if (r.sizes) out.push({ target: "widget ≤ 12 KB gzipped", measured: `${fmt(r.sizes.widget.gzip)} B`, met: r.sizes.widget.gzip <= 12 * 1024 });
  const top = r.delivery?.find((l) => l.chats === 500) ?? r.delivery?.at(-1);
  if (top) {
    const worst = Math.max(top.ratio.visitorToAgentMs.p99, top.ratio.agentToVisitorMs.p99);
    out.push({ target: `p99 delivery at ${top.chats} chats ≤ 2× relay`, measured: `×${worst}`, met: worst <= 2 });
    const bad = top.parley.lost + top.parley.duplicated;
    out.push({ target: `zero loss at ${top.chats} chats`, measured: `${top.parley.lost} lost, ${top.parley.duplicated} duplicated`, met: bad === 0 });
  }
  if (r.masking) {
    out.push({ target: "masking ≥ 50 MB/s (realistic text)", measured: `${r.masking.realisticMBps} MB/s`, met: r.masking.realisticMBps >= 50 });
    out.push({ target: "2 KB message ≤ 0.1 ms", measured: `${r.masking.message2kMs.median} ms`, met: r.masking.message2kMs.median <= 0.1 });
  }
  return out;
}

export function markdown(r) {
  const parts = [
    `Parley benchmark, ${r.mode} run, ${r.startedAt.slice(0, 16).replace("T", " ")} UTC, ${r.durationSeconds} s. ` +
      `${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}; load average ${r.machine.loadAverage1m} before, ${r.loadAfter} after.`,
  ];
  if (r.delivery) {
    parts.push(
      `### Delivery latency (ms, p50 / p95 / p99 / max), ${r.params.messages} messages per side per chat, one every ${r.params.intervalMs} ms, masking on\n\n` +
        mdTable(
          ["chats", "Parley visitor→agent", "Parley agent→visitor", "relay visitor→agent", "relay agent→visitor", "p99 ÷ relay (v→a / a→v)", "msg/s", "lost", "dup", "unacked", "CPU ms/msg: Parley (dev proxy) / relay", "agent's first message → ack"],
          r.delivery.map((l) => [
            l.chats,
            fmtLatency(l.parley.visitorToAgentMs),
            fmtLatency(l.parley.agentToVisitorMs),
            fmtLatency(l.relay.visitorToAgentMs),
            fmtLatency(l.relay.agentToVisitorMs),
            `×${l.ratio.visitorToAgentMs.p99} / ×${l.ratio.agentToVisitorMs.p99}`,
            l.parley.msgsPerSecond,
            l.parley.lost,
            l.parley.duplicated,
            l.parley.unacked,
            l.parley.cpuMsPerMessage ? `${l.parley.cpuMsPerMessage.product} (${l.parley.cpuMsPerMessage.devProxy}) / ${l.relay.cpuMsPerMessage.relay}` : "–",
            fmtLatency(l.greetingAckMs),
          ]),
        ),
    );
  }
  if (r.queue) {
    const row = (s, label) => [
      label ?? s.rate,
      s.agentsOnline,
      s.achievedPerSecond,
      fmtLatency(s.latencyMs.startToAccept),
      fmtLatency(s.latencyMs.start),
      fmtLatency(s.latencyMs.queued),
      fmtLatency(s.latencyMs.accept),
      fmtLatency(s.latencyMs.end),
      s.cpuMsPerChat?.product,
      s.lobbyKBPerChat,
      s.passed ? "ok" : s.failedBy,
    ];
    parts.push(
      `### One tenant's queue: chats started, accepted and ended per second (latency in ms, p50 / p95 / p99 / max)\n\n` +
        mdTable(
          ["chats/s offered", "agents online", "achieved", "start→accept", "start", "queue push", "accept", "end", "product CPU ms/chat", "lobby KB/chat", "verdict"],
          [...r.queue.steps.map((s) => row(s)), row(r.queue.fanOut, `${r.queue.fanOut.rate} (fan-out)`)],
        ) +
        `\n\nCeiling: **${r.queue.ceilingChatsPerSecond ?? "below the first step"} chats/s**.\n\n` +
        `Each operation alone (one chat at a time): product CPU in ms / KB pushed to lobby sockets\n\n` +
        mdTable(
          ["agents online", "start", "accept", "end"],
          r.queue.operations.map((o) => [o.agentsOnline, ...["start", "accept", "end"].map((k) => `${o[k].productCpuMs} ms / ${o[k].lobbyKB} KB`)]),
        ),
    );
  }
  if (r.connect) {
    const c = r.connect.connect;
    parts.push(
      "### Connect and resume (ms, p50 / p95 / p99 / max)\n\n" +
        mdTable(
          ["measure", "ms"],
          [
            ["widget open → first acknowledged message", fmtLatency(c.total)],
            ["… config (GET /api/widget/config)", fmtLatency(c.config)],
            ["… start (POST /api/widget/chats)", fmtLatency(c.start)],
            ["… socket open → welcome", fmtLatency(c.socket)],
            ["… message → ack", fmtLatency(c.ack)],
            [`resume with ${r.connect.resume.missedMessages} missed messages (${r.connect.resume.incompleteReplays} incomplete)`, fmtLatency(r.connect.resume.ms)],
            [`message after ${r.connect.afterPause.idleSeconds} s of silence, visitor→agent`, fmtLatency(r.connect.afterPause.visitorToAgentMs)],
            [`message after ${r.connect.afterPause.idleSeconds} s of silence, agent→visitor`, fmtLatency(r.connect.afterPause.agentToVisitorMs)],
            ["agent's first message in a chat → ack (one chat at a time)", fmtLatency(r.connect.agentAckMs.firstInChat)],
            ["agent's second message → ack", fmtLatency(r.connect.agentAckMs.second)],
          ],
        ),
    );
  }
  if (r.d1 && !r.d1.error) {
    const d = r.d1;
    parts.push(
      "### What the run's ended chats left in D1\n\n" +
        mdTable(
          ["transcripts", "messages", "rows written per chat", "sealed body bytes per message", "approx. bytes per transcript row"],
          [[d.transcripts, d.messages, d.rowsWrittenPerChat, d.bytesPerMessage, Math.round(d.rowBytesApprox / d.transcripts)]],
        ),
    );
  }
  if (r.masking) {
    const m = r.masking;
    parts.push(
      "### Masking engine (one core)\n\n" +
        mdTable(
          ["measure", "value"],
          [
            ["realistic chat text", `${m.realisticMBps} MB/s`],
            ["realistic, with 3 custom rules", `${m.realisticWithCustomRulesMBps} MB/s`],
            ["adversarial, worst built-in case", `${m.adversarialMBps.worst} MB/s`],
            ["one 2 KB message (median / p99)", `${m.message2kMs.median} / ${m.message2kMs.p99} ms`],
          ],
        ),
    );
  }
  if (r.sizes) {
    const s = r.sizes;
    parts.push(
      "### Size (bytes, gzip -9)\n\n" +
        mdTable(
          ["what", "raw", "gzipped"],
          [
            ["widget: everything a visitor loads", fmt(s.widget.bytes), fmt(s.widget.gzip)],
            ["console: page, styles and eagerly loaded modules", fmt(s.console.bytes), fmt(s.console.gzip)],
            ["console: modules loaded on demand", fmt(s.console.onDemand.bytes), fmt(s.console.onDemand.gzip)],
            ["Worker bundle as `wrangler deploy` builds it", fmt(s.worker.asConfigured.bytes), fmt(s.worker.asConfigured.gzip)],
            ["Worker bundle with `--minify`", fmt(s.worker.minified.bytes), fmt(s.worker.minified.gzip)],
          ],
        ),
    );
  }
  parts.push("### Targets (reported, not asserted)\n\n" + mdTable(["target", "measured", "met"], r.targets.map((x) => [x.target, x.measured, x.met ? "yes" : "**no**"])));
  return parts.join("\n\n") + "\n";
}
