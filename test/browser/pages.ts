// What several browser tests do the same way: sign in (waiting out the per-IP limit), call the
// API from a signed-in page, and start a chat as a visitor on the demo shop.
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from "playwright-core";
import { expect, inject } from "vitest";

const { origin, demoOrigin, password } = inject("parley");

/**
 * Signs in on the login form at `path`. A `rate_limited` answer (the limit counts every test
 * file's sign-ins from 127.0.0.1 together) waits for the next minute and submits again.
 */
export async function signIn(p: Page, path: string, email: string): Promise<void> {
  await p.goto(`${origin}${path}`);
  await p.getByTestId("login-email").fill(email);
  await p.getByTestId("login-password").fill(password);
  for (let attempt = 0; attempt < 3; attempt++) {
    const [res] = await Promise.all([
      p.waitForResponse((r) => r.url() === `${origin}/api/auth/login` && r.request().method() === "POST"),
      p.getByTestId("login-submit").click(),
    ]);
    if (res.status() !== 429) return p.getByTestId("login-email").waitFor({ state: "detached" });
    await p.waitForTimeout(60_000 - (Date.now() % 60_000) + 500);
  }
  throw new Error("still rate limited after waiting");
}

/** A same-origin API call from a signed-in page (its session cookie); returns the JSON body. */
export async function call(p: Page, method: string, path: string, body?: unknown): Promise<unknown> {
  return p.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? null : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    },
    { method, path, body },
  );
}

export interface AdminSession {
  ctx: BrowserContext;
  page: Page;
  /** The chat settings before the test file changed them. */
  original: unknown;
  /** Puts `original` back (for the other browser tests), ignoring failures. */
  restore(): Promise<void>;
}

/** The demo administrator signed in once (sign-ins are limited to 20 a minute for all of 127.0.0.1), with the chat settings as they were. */
export async function adminSession(browser: Browser): Promise<AdminSession> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await signIn(page, "/admin/", "admin@acme.example");
  const original = ((await call(page, "GET", "/api/admin/settings/chat")) as { settings: unknown }).settings;
  return {
    ctx,
    page,
    original,
    restore: async () => void (await call(page, "PUT", "/api/admin/settings/chat", original).catch(() => undefined)),
  };
}

/** Waits until the widget reports an agent online in Sales. */
export async function salesOnline(): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${origin}/api/widget/config?key=pk_demo_acme_outfitters`).then((r) => r.json())).departments.find((d: any) => d.name === "Sales").online, { timeout: 10_000 })
    .toBe(true);
}

export interface VisitorChat {
  ctx: BrowserContext;
  page: Page;
  frame: FrameLocator;
  inner: Frame;
}

/** A visitor on the demo shop who opens the widget and starts a chat in Sales. */
export async function startVisitorChat(browser: Browser, name: string, message: string, permissions: string[] = []): Promise<VisitorChat> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 760 }, acceptDownloads: true });
  if (permissions.length) await ctx.grantPermissions(permissions, { origin: demoOrigin });
  const page = await ctx.newPage();
  await page.goto(`${demoOrigin}/`);
  const frame = page.frameLocator('iframe[src*="/w/frame.html"]');
  await frame.getByTestId("launcher").click();
  const dept = frame.getByTestId("department");
  await frame.getByTestId("message").waitFor({ timeout: 10_000 });
  if (await dept.count()) await dept.selectOption({ label: "Sales" });
  await frame.getByTestId("name").fill(name);
  await frame.getByTestId("message").fill(message);
  await frame.getByTestId("start").click();
  await frame.getByTestId("queued").waitFor({ timeout: 10_000 });
  const inner = page.frames().find((f) => f.url().includes("/w/frame.html"))!;
  return { ctx, page, frame, inner };
}
