// Small numeric, measuring and formatting helpers shared by the benchmark scenarios.
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const round = (x, digits = 1) => (x === null || x === undefined ? null : +x.toFixed(digits));

/** n, p50, p95, p99, max and mean of latency samples in milliseconds (rounded to 0.1 ms). */
export function summary(samples) {
  const s = Float64Array.from(samples).sort();
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : null;
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    max: round(s.length ? s[s.length - 1] : null),
    mean: round(mean),
  };
}

/** a / b as "1.8×", or "–" when either side is missing. */
export const ratio = (a, b) => (a == null || b == null || b === 0 ? null : round(a / b, 2));

/** "p50 / p95 / p99 / max" of a summary, for table cells. */
export const fmtLatency = (s) => (s && s.n ? `${s.p50} / ${s.p95} / ${s.p99} / ${s.max}` : "–");

export const fmt = (x, unit = "") => (x === null || x === undefined ? "–" : `${typeof x === "number" ? x.toLocaleString("en-US") : x}${unit}`);

/** A GitHub-flavoured Markdown table. */
export function mdTable(headers, rows) {
  const line = (cells) => `| ${cells.map((c) => String(c ?? "–").replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * CPU seconds (user + system) used so far by every process under this one, by role: the
 * product's workerd, the dev proxy workerd that `wrangler dev` puts in front of it (port
 * `proxyPort`), wrangler's own Node process and the relay. Read from /proc (Linux); null
 * elsewhere. Differences of two readings give CPU per message or per chat, a figure that other
 * load on the machine disturbs far less than latency.
 */
export function cpuByRole(proxyPort) {
  if (!existsSync("/proc/self/stat")) return null;
  const procs = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmd = readFileSync(`/proc/${d}/cmdline`, "utf8").replaceAll("\0", " ");
      procs.set(+d, { ppid: +f[1], seconds: (+f[11] + +f[12]) / 100, cmd });
    } catch {
      /* the process ended meanwhile */
    }
  }
  const out = { product: 0, devProxy: 0, wrangler: 0, relay: 0, bench: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 };
  const walk = (pid) => {
    for (const [child, p] of procs) {
      if (p.ppid !== pid) continue;
      if (p.cmd.includes("workerd")) out[p.cmd.includes(`entry=127.0.0.1:${proxyPort}`) ? "devProxy" : "product"] += p.seconds;
      else if (p.cmd.includes("relay.mjs")) out.relay += p.seconds;
      else if (p.cmd.includes("wrangler")) out.wrangler += p.seconds;
      walk(child);
    }
  };
  walk(process.pid);
  return out;
}

/** CPU milliseconds per unit between two cpuByRole readings. */
export function cpuPer(before, after, units) {
  if (!before || !after || !units) return null;
  return Object.fromEntries(Object.keys(after).map((k) => [k, round(((after[k] - before[k]) * 1000) / units, 2)]));
}
