// Scenario 6: what the product weighs, gzipped at level 9 (what the widget size test uses).
// Reads the web build in dist/web (run the build first) and bundles the Worker with
// `wrangler deploy --dry-run`, which needs no account.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const WEB = "dist/web";

/** The widget's four files: the list test/browser/widget-size.test.ts enforces 12 KiB on. */
export const WIDGET_FILES = ["widget.js", "w/frame.html", "w/frame.css", "w/frame.js"];

function files(list) {
  const sizes = Object.fromEntries(list.map((f) => [f, { bytes: readFileSync(join(WEB, f)).length, gzip: gz(readFileSync(join(WEB, f))) }]));
  const sum = (k) => Object.values(sizes).reduce((a, s) => a + s[k], 0);
  return { files: sizes, bytes: sum("bytes"), gzip: sum("gzip") };
}

/**
 * The console page and everything it loads before the agent can work: the files its HTML
 * names, and the JavaScript modules those import statically (shared chunks included). Modules
 * imported with `import()` load on demand only and are listed apart.
 */
function consoleFiles() {
  const html = readFileSync(join(WEB, "console/index.html"), "utf8");
  const eager = ["console/index.html"];
  const lazy = new Set();
  const queue = [...html.matchAll(/(?:href|src)="\/([^"]+)"/g)].map((m) => m[1]);
  while (queue.length) {
    const f = queue.shift();
    if (eager.includes(f)) continue;
    eager.push(f);
    if (!f.endsWith(".js")) continue;
    const js = readFileSync(join(WEB, f), "utf8");
    const rel = (p) => normalize(join(dirname(f), p));
    for (const m of js.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)) queue.push(rel(m[1]));
    for (const m of js.matchAll(/import\(\s*"(\.{1,2}\/[^"]+\.js)"\s*\)/g)) lazy.add(rel(m[1]));
  }
  return { ...files(eager), onDemand: files([...lazy].filter((f) => !eager.includes(f))) };
}

/** The Worker as `wrangler deploy` would upload it, as configured and with `--minify`. */
function workerBundle(minify) {
  const dir = mkdtempSync(join(tmpdir(), "parley-bundle-"));
  try {
    const args = ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "--outdir", dir, ...(minify ? ["--minify"] : [])];
    const r = spawnSync("node", args, { encoding: "utf8", env: { ...process.env, CI: "true" } });
    if (r.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${r.stdout}${r.stderr}`);
    const js = readFileSync(join(dir, "index.js"));
    return { bytes: js.length, gzip: gz(js) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function measureSizes() {
  return {
    widget: { ...files(WIDGET_FILES), budget: 12 * 1024 },
    console: consoleFiles(),
    worker: { asConfigured: workerBundle(false), minified: workerBundle(true) },
  };
}

if (process.argv[1] === new URL(import.meta.url).pathname) console.log(JSON.stringify(measureSizes(), null, 2));
