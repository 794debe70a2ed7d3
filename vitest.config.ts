// Tests that run inside workerd: the real Worker, actors, D1 and R2 (isolated storage per file).
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { TEST_CLAMD_PORT } from "./test/clamd-setup.mjs";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            AUTH_SECRET: "test-secret-test-secret-test-secret-0001",
            // "test-master-key-32-bytes-long!!!" in base64url; tests only.
            MASTER_KEY: "dGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGVzLWxvbmchISE",
            PROVISION_TOKEN: "test-provision-token",
            CLAMD_ADDRESS: `127.0.0.1:${TEST_CLAMD_PORT}`,
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      exclude: ["test/browser/**"],
      setupFiles: ["./test/setup.ts"],
      globalSetup: ["./test/clamd-setup.mjs"],
      testTimeout: 20_000,
    },
  };
});
