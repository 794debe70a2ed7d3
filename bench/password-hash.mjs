// Measures the cost of one password verification inside workerd (the runtime the Worker runs
// in), with the parameters of core/password.ts. Clocks inside a Worker stand still while code
// runs, so the time is taken from outside: requests that hash N times minus requests that hash
// zero times, over several rounds. Usage: node bench/password-hash.mjs
import { Miniflare } from "miniflare";

const ITERATIONS = 100_000; // core/password.ts PBKDF2_ITERATIONS
const script = `
export default {
  async fetch(req) {
    const n = Number(new URL(req.url).searchParams.get("n"));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("correct horse battery staple"), "PBKDF2", false, ["deriveBits"]);
    const salt = crypto.getRandomValues(new Uint8Array(16));
    for (let i = 0; i < n; i++) await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: ${ITERATIONS} }, key, 256);
    return new Response("ok");
  },
};`;

const mf = new Miniflare({ modules: true, script, compatibilityDate: "2026-04-20" });
const url = await mf.ready;
const time = async (n) => {
  const t0 = performance.now();
  await (await mf.dispatchFetch(new URL(`?n=${n}`, url))).text();
  return performance.now() - t0;
};
await time(1); // warm up
const samples = [];
for (let round = 0; round < 7; round++) samples.push(((await time(10)) - (await time(0))) / 10);
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
console.log(JSON.stringify({ algorithm: "PBKDF2-HMAC-SHA-256", iterations: ITERATIONS, msPerHash: { median: +median.toFixed(1), min: +samples[0].toFixed(1), max: +samples.at(-1).toFixed(1) } }));
await mf.dispose();
