// Brings up the whole product locally: secrets, web build, D1 migrations, wrangler dev (workerd),
// the demo tenant, and a demo host page on a different origin. Used by `npm start`, the browser
// tests and the benchmarks, so all three run the product the same way.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { startClamd } from "./clamd.mjs";

export const DEMO = {
  key: "pk_demo_acme_outfitters",
  password: "parley-demo-2026",
  users: [
    { email: "admin@acme.example", name: "Ada Admin", role: "site_admin", departments: [] },
    { email: "alice@acme.example", name: "Alice Agent", role: "agent", departments: ["Sales"] },
    { email: "bob@acme.example", name: "Bob Agent", role: "agent", departments: ["Support"] },
  ],
};

const wrangler = ["node_modules/wrangler/bin/wrangler.js"];

/** Writes .dev.vars with fresh random secrets the first time; never overwrites. */
export function ensureDevVars() {
  if (existsSync(".dev.vars")) return;
  const b64 = (n) => randomBytes(n).toString("base64url");
  writeFileSync(".dev.vars", `AUTH_SECRET=${b64(48)}\nMASTER_KEY=${b64(32)}\nPROVISION_TOKEN=${b64(24)}\n`, { mode: 0o600 });
}

export function devVar(name) {
  const line = readFileSync(".dev.vars", "utf8").split("\n").find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1).trim();
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: opts.quiet ? "pipe" : "inherit", env: { ...process.env, CI: "true" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status})\n${r.stdout ?? ""}${r.stderr ?? ""}`);
}

async function waitFor(url, ms, child) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up within ${ms} ms`);
}

/** Serves the demo shop page on its own origin, embedding the widget like a customer would. */
function demoHost(port, parleyOrigin) {
  const page = readFileSync("web/demo/index.html", "utf8").replaceAll("{{PARLEY}}", parleyOrigin).replaceAll("{{KEY}}", DEMO.key);
  const server = createServer((req, res) => {
    if (req.url !== "/" && req.url !== "/index.html") return res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

/**
 * Starts everything. Options: port (Parley), demoPort, clamdPort (the virus scanner), persistTo
 * (local state folder), quiet, scannerOptional (go on without clamd: file uploads are then refused).
 * Returns { origin, demoOrigin, stop() }.
 */
export async function startStack({
  port = 8787,
  demoPort = 8788,
  clamdPort = port + 3,
  persistTo = ".wrangler/state",
  quiet = false,
  build = true,
  scannerOptional = false,
} = {}) {
  ensureDevVars();
  let clamd = null;
  try {
    clamd = await startClamd({ port: clamdPort, dir: join(persistTo, "clamav") });
  } catch (e) {
    if (!scannerOptional) throw e;
    console.warn(`\n  ⚠ ${e.message}\n    Parley runs without it; every file upload is refused until a scanner is available.\n`);
  }
  if (build) run("node", ["scripts/build-web.mjs"], { quiet: true });
  run("node", [...wrangler, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { quiet: true });

  const origin = `http://127.0.0.1:${port}`;
  const demoOrigin = `http://127.0.0.1:${demoPort}`;
  const child = spawn(
    "node",
    [
      ...wrangler,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persistTo,
      "--test-scheduled",
      "--show-interactive-dev-session=false",
      "--var",
      `CLAMD_ADDRESS:${clamd?.address ?? ""}`,
    ],
    { stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"], env: { ...process.env, CI: "true" }, detached: false },
  );
  let log = "";
  if (quiet) for (const s of [child.stdout, child.stderr]) s.on("data", (d) => (log = (log + d).slice(-20_000)));
  try {
    await waitFor(`${origin}/api/health`, 60_000, child);
  } catch (e) {
    child.kill("SIGTERM");
    await clamd?.stop();
    throw new Error(`${e.message}\n${log}`);
  }

  // Seed the demo tenant through the operator API: idempotent, so every start may run it.
  const seeded = await fetch(`${origin}/api/operator/tenants`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${devVar("PROVISION_TOKEN")}` },
    body: JSON.stringify({
      name: "Acme Outfitters",
      publicKey: DEMO.key,
      allowedOrigins: [demoOrigin, `http://localhost:${demoPort}`],
      departments: ["Sales", "Support"],
      users: DEMO.users.map((u) => ({ ...u, password: DEMO.password })),
    }),
  });
  if (!seeded.ok) throw new Error(`seeding the demo tenant failed: ${seeded.status} ${await seeded.text()}`);
  const ids = await seeded.json();
  const server = await demoHost(demoPort, origin);

  return {
    origin,
    demoOrigin,
    ids,
    log: () => log,
    async stop() {
      server.close();
      child.kill("SIGTERM");
      await Promise.all([new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r))), clamd?.stop()]);
    },
  };
}
