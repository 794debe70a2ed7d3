import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { DEMO, startStack } from "../../scripts/lib/stack.mjs";
import { assertChromium } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    parley: { origin: string; demoOrigin: string; password: string; users: typeof DEMO.users };
  }
}

/** One fresh product (own state folder, own ports) for the whole browser run. */
export default async function setup(project: TestProject) {
  assertChromium();
  const dir = mkdtempSync(join(tmpdir(), "parley-e2e-"));
  const stack = await startStack({ port: 8797, demoPort: 8798, persistTo: dir, quiet: true });
  project.provide("parley", { origin: stack.origin, demoOrigin: stack.demoOrigin, password: DEMO.password, users: DEMO.users });
  return async () => {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
