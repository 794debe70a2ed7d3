// Agent-to-agent chats as agents meet them: Alice writes to Bob from the console's Colleagues
// section (a card number in it is masked before Bob or any store sees it); Bob's console shows
// the unread count at once, he opens the conversation and answers.
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch } from "./chromium";
import { signIn } from "./pages";

const SHOTS = "test-results";
mkdirSync(SHOTS, { recursive: true });

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

async function consoleOf(email: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  await signIn(page, "/console/", email);
  await page.getByTestId("nav-colleagues").waitFor();
  return page;
}

describe("agent-to-agent chats", () => {
  it("Alice writes to Bob, Bob sees it arrive masked and answers", async () => {
    const alice = await consoleOf("alice@acme.example");
    const bob = await consoleOf("bob@acme.example");

    await alice.getByTestId("nav-colleagues").click();
    await alice.getByTestId("colleague").filter({ hasText: "Bob Agent" }).click();
    await alice.getByTestId("colleague-composer").fill("Bob, the customer on 4111 1111 1111 1111 wants Support: can you take it?");
    await alice.getByTestId("colleague-send").click();
    const masked = "Bob, the customer on [card ····1111] wants Support: can you take it?";
    await alice.getByTestId("colleague-messages").getByText(masked).waitFor();

    // Bob is on his chats: the section tab counts the unread message.
    await expect.poll(() => bob.getByTestId("nav-colleagues-unread").textContent(), { timeout: 10_000 }).toBe("1");
    await bob.getByTestId("nav-colleagues").click();
    const fromAlice = bob.getByTestId("colleague").filter({ hasText: "Alice Agent" });
    expect(await fromAlice.getByTestId("colleague-unread").textContent()).toBe("1");
    await fromAlice.click();
    await bob.getByTestId("colleague-messages").getByText(masked).waitFor();
    expect(await bob.getByTestId("colleague-messages").textContent()).not.toContain("4111 1111");
    await bob.getByTestId("colleague-composer").fill("Yes, transfer it to me");
    await bob.keyboard.press("Enter");
    await alice.getByTestId("colleague-messages").getByText("Yes, transfer it to me").waitFor({ timeout: 10_000 });
    expect(await bob.getByTestId("nav-colleagues-unread").count()).toBe(0);
    await bob.screenshot({ path: `${SHOTS}/colleagues-1-bob.png` });
    await alice.screenshot({ path: `${SHOTS}/colleagues-2-alice.png` });
  });
});
