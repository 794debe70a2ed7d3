import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./chromium";

const { origin, password } = inject("parley");
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("admin pages in Chromium", () => {
  it("an administrator adds a department and an agent who can then sign in to the console", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      const page = await ctx.newPage();
      await page.goto(`${origin}/admin/`);
      await page.getByTestId("login-email").fill("admin@acme.example");
      await page.getByTestId("login-password").fill(password);
      await page.getByTestId("login-submit").click();

      await page.getByTestId("nav-departments").click();
      await page.getByTestId("dept-name").fill("Returns");
      await page.getByTestId("dept-add").click();
      await page.getByTestId("dept-row-name").filter({ hasText: "Returns" }).waitFor();

      await page.getByTestId("nav-users").click();
      await page.getByTestId("user-email").fill("rita@acme.example");
      await page.getByTestId("user-name").fill("Rita Returns");
      await page.getByTestId("user-role").selectOption("agent");
      await page.getByTestId("user-password").fill("a long enough initial password");
      await page.locator("label", { hasText: "Returns" }).getByTestId("user-dept").check();
      await page.getByTestId("user-create").click();
      await page.getByTestId("user-row").filter({ hasText: "Rita Returns" }).waitFor();
      await page.screenshot({ path: "test-results/8-admin-users.png", fullPage: true });

      await page.getByTestId("nav-widget").click();
      await expect.poll(() => page.getByTestId("widget-snippet").textContent()).toContain('data-key="pk_demo_acme_outfitters"');
      await page.screenshot({ path: "test-results/9-admin-widget.png", fullPage: true });

      // The new agent signs in to the console and sees their department's empty queue.
      const agentCtx = await browser.newContext();
      const agent = await agentCtx.newPage();
      await agent.goto(`${origin}/console/`);
      await agent.getByTestId("login-email").fill("rita@acme.example");
      await agent.getByTestId("login-password").fill("a long enough initial password");
      await agent.getByTestId("login-submit").click();
      await agent.getByTestId("status").waitFor();
      await agentCtx.close();

      // An agent who opens the admin pages is told no, and the server refuses the API anyway.
      const bobCtx = await browser.newContext();
      const bob = await bobCtx.newPage();
      await bob.goto(`${origin}/admin/`);
      await bob.getByTestId("login-email").fill("bob@acme.example");
      await bob.getByTestId("login-password").fill(password);
      await bob.getByTestId("login-submit").click();
      await bob.getByTestId("no-access").waitFor();
      const status = await bob.evaluate(async () => (await fetch("/api/admin/users")).status);
      expect(status).toBe(403);
      await bobCtx.close();
    } finally {
      await ctx.close();
    }
  });
});
