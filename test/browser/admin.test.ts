import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./chromium";

const { origin, password } = inject("parley");
const SHOTS = "test-results";
mkdirSync(SHOTS, { recursive: true });

let browser: Browser;
let adminCtx: BrowserContext;
/** The administrator's page, signed in once for the whole file: sign-ins are limited to 20 a minute. */
let page: Page;
beforeAll(async () => {
  browser = await launch();
  adminCtx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await adminCtx.newPage();
  await signIn(page, "/admin/", "admin@acme.example", password);
  await page.getByTestId("nav-users").waitFor();
});
afterAll(async () => {
  await adminCtx?.close();
  await browser?.close();
});

/**
 * Signs in on the login form at `path`. Every browser here is 127.0.0.1, which the per-address
 * limit (20 a minute) counts together with the other test files; a `rate_limited` answer waits
 * for the next minute and tries again.
 */
async function signIn(p: Page, path: string, email: string, pw: string) {
  await p.goto(`${origin}${path}`);
  await p.getByTestId("login-email").fill(email);
  await p.getByTestId("login-password").fill(pw);
  for (let attempt = 0; attempt < 3; attempt++) {
    const [res] = await Promise.all([
      p.waitForResponse((r) => r.url() === `${origin}/api/auth/login` && r.request().method() === "POST"),
      p.getByTestId("login-submit").click(),
    ]);
    if (res.status() !== 429) return;
    await p.waitForTimeout(60_000 - (Date.now() % 60_000) + 500);
  }
  throw new Error("still rate limited after waiting");
}

/** Opens a one-time link in a browser of its own (as the invited person would) and chooses a password. */
async function choosePassword(link: string, newPassword: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(link);
  await page.getByTestId("set-password").fill(newPassword);
  await page.getByTestId("set-password-confirm").fill(newPassword);
  await page.getByTestId("set-password-submit").click();
  await page.getByTestId("set-password-done").waitFor();
  return page;
}

/** Invites someone through the form and returns the one-time link the dialog shows. */
async function invite(page: Page, who: { email: string; name: string; role: string; dept?: string }): Promise<string> {
  await page.getByTestId("invite-email").fill(who.email);
  await page.getByTestId("invite-name").fill(who.name);
  await page.getByTestId("invite-role").selectOption(who.role);
  if (who.dept) await page.locator("label", { hasText: who.dept }).getByTestId("invite-dept").check();
  await page.getByTestId("invite-submit").click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  expect(link).toMatch(new RegExp(`^${origin}/account/#invite=[A-Za-z0-9_-]{43}$`));
  return link;
}

describe("admin pages in Chromium", () => {
  it("an administrator adds a department and invites an agent, who chooses a password and signs in to the console", async () => {
    await page.getByTestId("nav-departments").click();
    await page.getByTestId("dept-name").fill("Returns");
    await page.getByTestId("dept-add").click();
    await page.getByTestId("dept-row-name").filter({ hasText: "Returns" }).waitFor();

    await page.getByTestId("nav-users").click();
    const link = await invite(page, { email: "rita@acme.example", name: "Rita Returns", role: "agent", dept: "Returns" });
    await page.screenshot({ path: `${SHOTS}/8a-admin-invite-link.png` });
    await page.getByTestId("link-done").click();
    const rita = page.getByTestId("user-row").filter({ hasText: "Rita Returns" });
    await expect.poll(() => rita.getByTestId("user-status").textContent()).toContain("Invited");
    await page.screenshot({ path: `${SHOTS}/8-admin-users.png`, fullPage: true });

    await page.getByTestId("nav-widget").click();
    await expect.poll(() => page.getByTestId("widget-snippet").textContent()).toContain('data-key="pk_demo_acme_outfitters"');
    await page.screenshot({ path: `${SHOTS}/9-admin-widget.png`, fullPage: true });

    // Rita opens the e-mailed link in her own browser, chooses a password and signs in.
    const ritaPassword = "violet harbour lantern 58";
    const agent = await choosePassword(link, ritaPassword);
    // The token left the address bar as soon as the page read it.
    expect(new URL(agent.url()).hash).toBe("");
    await agent.getByTestId("set-password-signin").click();
    await agent.waitForURL(`${origin}/console/`);
    await signIn(agent, "/console/", "rita@acme.example", ritaPassword);
    await agent.getByTestId("status").waitFor();
    // The link worked once.
    await agent.goto(link);
    await agent.getByTestId("link-invalid").waitFor();
    await agent.context().close();

    // Her row now shows an active account.
    await page.getByTestId("nav-users").click();
    await expect.poll(() => rita.getByTestId("user-status").textContent()).toContain("Active");

    // An agent who opens the admin pages is told no, and the server refuses the API anyway.
    const bobCtx = await browser.newContext();
    const bob = await bobCtx.newPage();
    await signIn(bob, "/admin/", "bob@acme.example", password);
    await bob.getByTestId("no-access").waitFor();
    const status = await bob.evaluate(async () => (await fetch("/api/admin/users")).status);
    expect(status).toBe(403);
    await bobCtx.close();
  });

  it("a site manager sees users and the sign-in policy but cannot change them", async () => {
    await page.getByTestId("nav-users").click();
    const email = `sam-${Date.now()}@acme.example`;
    const link = await invite(page, { email, name: "Sam Supervisor", role: "site_manager" });
    await page.getByTestId("link-done").click();

    const samPassword = "copper meadow lighthouse 31";
    const sam = await choosePassword(link, samPassword);
    await signIn(sam, "/admin/", email, samPassword);
    await sam.getByTestId("nav-users").click();
    await sam.getByTestId("user-row").filter({ hasText: "Alice Agent" }).waitFor();
    await sam.getByTestId("read-only").waitFor();
    expect(await sam.getByTestId("user-more").count()).toBe(0);
    expect(await sam.getByTestId("invite-form").count()).toBe(0);
    await sam.screenshot({ path: `${SHOTS}/8b-admin-users-read-only.png`, fullPage: true });

    await sam.getByTestId("nav-policy").click();
    await expect.poll(() => sam.getByTestId("policy-min-length").inputValue()).toBe("12");
    expect(await sam.getByTestId("policy-min-length").isDisabled()).toBe(true);
    expect(await sam.getByTestId("policy-save").count()).toBe(0);
    await sam.getByTestId("nav-events").click();
    await sam.getByTestId("event-row").first().waitFor();
    await sam.context().close();
  });
});
