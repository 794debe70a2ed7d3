// Global setup of the workerd suite: a real ClamAV daemon for the whole run. File tests scan
// against it (CLAMD_ADDRESS in vitest.config.ts); nothing about scanning is faked.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startClamd } from "../scripts/lib/clamd.mjs";

export const TEST_CLAMD_PORT = 8796;

export default async function setup() {
  const dir = mkdtempSync(join(tmpdir(), "parley-clamd-"));
  const clamd = await startClamd({ port: TEST_CLAMD_PORT, dir });
  return async () => {
    await clamd.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
