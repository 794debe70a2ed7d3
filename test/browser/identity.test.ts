// Sign-in and account security as people meet it: choosing a password from a link, two-step
// sign-in, the PCI profile, and lockout. Every test works on users it invites itself, so the
// seeded demo users (which other tests sign in as) are never locked or changed.
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { totpCode } from "../../core/totp";
import { launch } from "./chromium";

const { origin, password: demoPassword } = inject("parley");
const SHOTS = "test-results";
mkdirSync(SHOTS, { recursive: true });

let browser: Browser;
let adminCtx: BrowserContext;
let admin: Page;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launch();
  adminCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  admin = await adminCtx.newPage();
  await admin.goto(`${origin}/admin/`);
  expect(await login(admin, "admin@acme.example", demoPassword)).toBeNull();
  await admin.getByTestId("nav-users").waitFor();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await adminCtx?.close();
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 820 } });
  contexts.push(ctx);
  return ctx.newPage();
}

/**
 * Submits the login form on `page` and returns the error it shows, or null once the form is
 * gone. Logins are limited to 20 a minute per address and every browser here is 127.0.0.1, so
 * a `rate_limited` answer (which the server gives before looking at the password, so it never
 * counts towards a lockout) waits for the next minute and submits again.
 */
async function login(page: Page, email: string, pw: string): Promise<string | null> {
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(pw);
  for (let attempt = 0; attempt < 3; attempt++) {
    // Judge by the server's answer: an error line left from the previous try says nothing new.
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${origin}/api/auth/login` && r.request().method() === "POST"),
      page.getByTestId("login-submit").click(),
    ]);
    if (res.ok()) {
      await page.getByTestId("login-email").waitFor({ state: "detached" });
      return null;
    }
    const { error } = (await res.json()) as { error: { code: string } };
    if (error.code !== "rate_limited") return (await page.getByTestId("login-error").textContent()) ?? "";
    await page.waitForTimeout(60_000 - (Date.now() % 60_000) + 500);
  }
  throw new Error("still rate limited after waiting");
}

/** Waits for the next minute of the login rate limit's fixed window, unless one has just begun. */
async function waitForFreshMinute(page: Page): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 2_000) await page.waitForTimeout(60_000 - into + 250);
}

/** The administrator invites someone (through the API, as the admin page does) and gets the one-time link. */
async function invite(name: string, role = "agent"): Promise<{ email: string; link: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}@acme.example`;
  const link = await admin.evaluate(async (body) => {
    const res = await fetch("/api/admin/users/invite", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { link: string }).link;
  }, { email, name, role, departmentIds: [] });
  return { email, link };
}

/** Opens the link in a browser of its own and chooses a password; the page ends on "Password set". */
async function choosePassword(link: string, pw: string): Promise<Page> {
  const page = await newPage();
  await page.goto(link);
  await page.getByTestId("set-password").fill(pw);
  await page.getByTestId("set-password-confirm").fill(pw);
  await page.getByTestId("set-password-submit").click();
  await page.getByTestId("set-password-done").waitFor();
  return page;
}

/** A new user with a password, ready to sign in. The password meets the PCI profile too. */
async function newUser(name: string): Promise<{ email: string; pw: string; page: Page }> {
  const { email, link } = await invite(name);
  const pw = "quiet orchard 47 lantern";
  return { email, pw, page: await choosePassword(link, pw) };
}

describe("identity in Chromium", () => {
  it("the set-password page refuses a weak password with every problem listed, and accepts a good one", async () => {
    const { link } = await invite("Wendy Weak");
    const page = await newPage();
    await page.goto(link);
    // The token is read, then removed from the address bar.
    await page.getByTestId("password-rules").waitFor();
    expect(new URL(page.url()).hash).toBe("");
    await expect.poll(() => page.getByTestId("password-rules").textContent()).toContain("12 to 128 characters");

    await page.getByTestId("set-password").fill("Password1");
    await page.getByTestId("set-password-confirm").fill("Password1");
    await page.getByTestId("set-password-submit").click();
    const problems = page.getByTestId("password-problems");
    await problems.waitFor();
    const text = (await problems.textContent()) ?? "";
    expect(text).toContain("at least 12 characters");
    expect(text).toContain("commonly used passwords");
    await page.screenshot({ path: `${SHOTS}/10-set-password-weak.png` });

    const good = "granite willow ferry 2031";
    await page.getByTestId("set-password").fill(good);
    await page.getByTestId("set-password-confirm").fill(good);
    await page.getByTestId("set-password-submit").click();
    await page.getByTestId("set-password-done").waitFor();
    await page.screenshot({ path: `${SHOTS}/11-set-password-done.png` });

    // "Sign in" leads to the console's login form (signing in with a link's password is covered below).
    await page.getByTestId("set-password-signin").click();
    await page.getByTestId("login-email").waitFor();
    expect(new URL(page.url()).pathname).toBe("/console/");
    // The link is spent.
    await page.goto(link);
    await page.getByTestId("link-invalid").waitFor();
  });

  it("a user turns on two-step sign-in, keeps the recovery codes, and must give a code at the next sign-in", async () => {
    const { email, pw, page } = await newUser("Max Multifactor");
    await page.goto(`${origin}/account/`);
    expect(await login(page, email, pw)).toBeNull();
    await expect.poll(() => page.getByTestId("mfa-status").textContent()).toBe("Off");

    await page.getByTestId("mfa-setup-start").click();
    const secret = ((await page.getByTestId("mfa-secret").textContent()) ?? "").replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByTestId("mfa-qr").waitFor();
    await page.screenshot({ path: `${SHOTS}/12-account-mfa-setup.png`, fullPage: true });
    await page.getByTestId("mfa-enroll-code").fill(await totpCode(secret, Date.now()));
    await page.getByTestId("mfa-enroll-submit").click();

    const codes = page.getByTestId("recovery-codes").locator("li");
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    expect(await codes.first().textContent()).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{2}$/);
    await page.screenshot({ path: `${SHOTS}/13-account-recovery-codes.png`, fullPage: true });
    await page.getByTestId("recovery-done").click();
    await expect.poll(() => page.getByTestId("mfa-status").textContent()).toBe("On");
    await page.screenshot({ path: `${SHOTS}/14-account.png`, fullPage: true });

    // Sign out from the user menu, then in again: now a code is due after the password.
    await page.getByTestId("user-menu").click();
    await page.getByTestId("logout").click();
    expect(await login(page, email, pw)).toBeNull();
    await page.getByTestId("mfa-step").waitFor();

    // A wrong code is refused…
    const valid = await Promise.all([-30_000, 0, 30_000, 60_000].map((d) => totpCode(secret, Date.now() + d)));
    await page.getByTestId("mfa-code").fill(["000000", "111111", "222222"].find((c) => !valid.includes(c))!);
    await page.getByTestId("mfa-submit").click();
    await page.getByTestId("mfa-error").waitFor();
    await page.screenshot({ path: `${SHOTS}/15-mfa-code-wrong.png` });

    // …the right one lets them in. The enrolment code's time step is spent (codes never work
    // twice), so use the next step's code, which the server accepts for clock drift.
    await page.getByTestId("mfa-code").fill(await totpCode(secret, Date.now() + 30_000));
    await page.getByTestId("mfa-submit").click();
    await expect.poll(() => page.getByTestId("account-email").textContent()).toBe(email);
    await expect.poll(() => page.getByTestId("mfa-status").textContent()).toBe("On");
  });

  it("an administrator applies the PCI DSS 4.0 profile and sees what changed", async () => {
    const before = await admin.evaluate(async () => ((await (await fetch("/api/admin/security/policy")).json()) as { policy: unknown }).policy);
    try {
      await admin.getByTestId("nav-policy").click();
      await expect.poll(() => admin.getByTestId("policy-idle").inputValue()).toBe("30");
      await admin.screenshot({ path: `${SHOTS}/16-policy.png`, fullPage: true });

      await admin.getByTestId("policy-pci").click();
      await admin.getByTestId("confirm-ok").click();
      const changes = admin.getByTestId("policy-changes");
      await changes.waitFor();
      const text = (await changes.textContent()) ?? "";
      expect(text).toContain("Idle timeout: 30 minutes → 15 minutes");
      expect(text).toContain("Refuse recent passwords: off → last 4");
      expect(text).toContain("Password expiry: never → after 90 days");
      expect(text).toContain("Require a digit: off → on");

      // The form shows the new values, and they are what the server now holds.
      expect(await admin.getByTestId("policy-idle").inputValue()).toBe("15");
      expect(await admin.getByTestId("policy-history").inputValue()).toBe("4");
      expect(await admin.getByTestId("policy-expiry").inputValue()).toBe("90");
      expect(await admin.getByTestId("policy-require-digit").isChecked()).toBe(true);
      expect(await admin.getByTestId("policy-require-lower").isChecked()).toBe(true);
      await admin.screenshot({ path: `${SHOTS}/17-policy-pci-applied.png`, fullPage: true });
      await admin.reload();
      await expect.poll(() => admin.getByTestId("policy-idle").inputValue()).toBe("15");

      await admin.getByTestId("nav-events").click();
      await admin.getByTestId("event-action").filter({ hasText: "Applied the PCI DSS 4.0 profile" }).first().waitFor();
      await admin.screenshot({ path: `${SHOTS}/18-security-events.png`, fullPage: true });
    } finally {
      // Put the policy back so that other tests keep the defaults.
      const status = await admin.evaluate(
        async (policy) => (await fetch("/api/admin/security/policy", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(policy) })).status,
        before,
      );
      expect(status).toBe(200);
    }
  });

  it(
    "ten wrong passwords lock an account until the administrator unlocks it",
    async () => {
      const { email, pw, page } = await newUser("Lola Locked");
      await page.goto(`${origin}/console/`);
      // This test signs in 12 times; with the other files' sign-ins it could pass the limit of 20
      // a minute. Starting on a fresh minute leaves 8 in it for whatever runs next.
      await waitForFreshMinute(page);
      for (let i = 0; i < 10; i++) {
        expect(await login(page, email, `wrong password number ${i}`)).toMatch(/incorrect/);
      }
      // Locked: even the right password is refused now.
      expect(await login(page, email, pw)).toMatch(/locked/);

      await admin.getByTestId("nav-users").click();
      await admin.getByTestId("user-search").fill(email);
      const row = admin.getByTestId("user-row").filter({ hasText: email });
      await expect.poll(() => row.getByTestId("user-status").textContent()).toContain("Locked");
      await expect.poll(() => admin.getByTestId("user-row").count()).toBe(1);
      await admin.screenshot({ path: `${SHOTS}/19-admin-user-locked.png`, fullPage: true });
      await row.getByTestId("user-unlock").click();
      await expect.poll(() => row.getByTestId("user-status").textContent()).toBe("Active");
      expect(await row.getByTestId("user-unlock").count()).toBe(0);

      expect(await login(page, email, pw)).toBeNull();
      await page.getByTestId("status").waitFor();
    },
    180_000,
  );
});
