// Builds the three Preact front ends into dist/web, which the Worker serves as static assets.
// Usage: node scripts/build-web.mjs [--watch]
import * as esbuild from "esbuild";
import { cp, mkdir, rm } from "node:fs/promises";

const out = "dist/web";
const watch = process.argv.includes("--watch");

/** entry → output file (relative to dist/web). Apps are ES modules loaded by their own pages. */
const entries = {
  "console/app": "web/console/main.tsx",
  "admin/app": "web/admin/main.tsx",
  "account/app": "web/account/main.tsx",
};

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
// Static files (HTML, CSS, images) are copied as they are; each app owns a public/ folder.
for (const app of ["widget", "console", "admin", "account", "shared"]) {
  await cp(`web/${app}/public`, out, { recursive: true }).catch((e) => {
    if (e.code !== "ENOENT") throw e;
  });
}

const options = {
  entryPoints: Object.entries(entries).map(([o, i]) => ({ in: i, out: o })),
  outdir: out,
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  jsxImportSource: "preact",
  legalComments: "none",
  logLevel: "info",
  metafile: true,
};

// The staff apps share chunks (Preact, shared UI) and load rarely used parts (the QR encoder) on demand.
const apps = { ...options, splitting: true, chunkNames: "chunks/[name]-[hash]" };
// The widget frame is built alone, without shared chunks: its four files are all a visitor loads.
const frame = { ...options, entryPoints: [{ in: "web/widget/frame.tsx", out: "w/frame" }] };
// The loader runs in the customer's page as a classic script: an IIFE leaks no globals.
const loader = { ...options, entryPoints: [{ in: "web/widget/loader.ts", out: "widget" }], format: "iife" };

if (watch) {
  for (const o of [apps, frame, loader]) await (await esbuild.context(o)).watch();
} else {
  await Promise.all([esbuild.build(apps), esbuild.build(frame), esbuild.build(loader)]);
}
