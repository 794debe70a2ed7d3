import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./chromium";
import { signIn } from "./pages";

const { origin, demoOrigin } = inject("parley");
const SHOTS = "test-results";
mkdirSync(SHOTS, { recursive: true });

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});


describe("a visitor and an agent chat in Chromium", () => {
  it("visitor asks on the demo shop, agent accepts and replies, visitor ends and rates, transcript is in history", async () => {
    const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const visitorCtx = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const agent = await agentCtx.newPage();
    const visitor = await visitorCtx.newPage();
    try {
      // The agent signs in and goes online.
      await signIn(agent, "/console/", "alice@acme.example");
      await agent.getByTestId("status").selectOption("online");
      await expect.poll(async () => (await fetch(`${origin}/api/widget/config?key=pk_demo_acme_outfitters`).then((r) => r.json())).departments.find((d: any) => d.name === "Sales").online, { timeout: 10_000 }).toBe(true);

      // The visitor opens the shop (another origin) and the widget, which set nothing before opening.
      await visitor.goto(`${demoOrigin}/`);
      const frame = visitor.frameLocator('iframe[src*="/w/frame.html"]');
      await frame.getByTestId("launcher").waitFor();
      expect(await visitorCtx.cookies()).toEqual([]);
      // The host page cannot reach into the conversation.
      const hostView = await visitor.evaluate(() => {
        const f = document.querySelector("iframe");
        try {
          return f?.contentDocument === null ? "no access" : "readable";
        } catch {
          return "no access";
        }
      });
      expect(hostView).toBe("no access");

      await frame.getByTestId("launcher").click();
      const dept = frame.getByTestId("department");
      if (await dept.count()) await dept.selectOption({ label: "Sales" });
      await frame.getByTestId("name").fill("Vera Visitor");
      await frame.getByTestId("message").fill("Do the Ridge jackets run small?");
      await frame.getByTestId("start").click();
      await frame.getByTestId("queued").waitFor();
      await visitor.screenshot({ path: `${SHOTS}/1-visitor-queued.png` });

      // The agent sees it in the queue and accepts.
      const item = agent.getByTestId("queue-item").filter({ hasText: "Do the Ridge jackets run small?" });
      await item.waitFor({ timeout: 10_000 });
      await agent.screenshot({ path: `${SHOTS}/2-agent-queue.png` });
      await item.getByTestId("accept").click();
      await agent.getByTestId("messages").getByText("Do the Ridge jackets run small?").waitFor();

      // Typing indicator, then a reply.
      await agent.getByTestId("composer").click();
      await agent.getByTestId("composer").pressSequentially("They run true", { delay: 20 });
      await frame.getByTestId("typing").waitFor({ timeout: 10_000 });
      await agent.getByTestId("composer").fill("They run true to size; if in doubt, size up.");
      await agent.getByTestId("send").click();
      await frame.getByText("They run true to size; if in doubt, size up.").waitFor({ timeout: 10_000 });

      // The visitor answers; the agent's read receipt appears on the visitor's side.
      await frame.getByTestId("composer").fill("Thanks, that helps!");
      await frame.getByTestId("send").click();
      await agent.getByTestId("messages").getByText("Thanks, that helps!").waitFor();
      await frame.getByTestId("seen").waitFor({ timeout: 10_000 });
      await visitor.screenshot({ path: `${SHOTS}/3-visitor-chat.png` });
      await agent.screenshot({ path: `${SHOTS}/4-agent-chat.png` });

      // The visitor ends the chat and rates it.
      await frame.getByTestId("end").click();
      await frame.getByTestId("confirm-end").click();
      await frame.getByTestId("rating-5").check({ force: true });
      await frame.getByTestId("survey-comment").fill("Fast and friendly");
      await visitor.screenshot({ path: `${SHOTS}/5-visitor-survey.png` });
      await frame.getByTestId("survey-submit").click();
      await frame.getByTestId("thanks").waitFor();

      // The transcript, with the rating, is in the agent's history.
      await agent.getByTestId("nav-history").click();
      const row = agent.getByTestId("transcript-row").filter({ hasText: "Vera Visitor" });
      await row.first().waitFor({ timeout: 10_000 });
      await row.first().click();
      await agent.getByText("Fast and friendly").waitFor({ timeout: 10_000 });
      await agent.getByText("They run true to size; if in doubt, size up.").first().waitFor();
      await agent.screenshot({ path: `${SHOTS}/6-agent-history.png` });

      // The widget never set a cookie, before or after the chat.
      expect(await visitorCtx.cookies()).toEqual([]);
    } finally {
      await agentCtx.close();
      await visitorCtx.close();
    }
  });

  it("with nobody online, a visitor on a phone leaves an offline message that the console shows", async () => {
    const visitorCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const visitor = await visitorCtx.newPage();
      await visitor.goto(`${demoOrigin}/`);
      const frame = visitor.frameLocator('iframe[src*="/w/frame.html"]');
      await frame.getByTestId("launcher").click();
      // Bob (Support) is not signed in, so Support has nobody online.
      const offlineDept = frame.getByTestId("offline-department");
      await frame.getByTestId("offline-name").waitFor({ timeout: 10_000 });
      if (await offlineDept.count()) await offlineDept.selectOption({ label: "Support" });
      await frame.getByTestId("offline-name").fill("Olga Offline");
      await frame.getByTestId("offline-email").fill("olga@example.com");
      await frame.getByTestId("offline-message").fill("Please e-mail me about returns.");
      await visitor.screenshot({ path: `${SHOTS}/7a-visitor-offline-form.png` });
      await frame.getByTestId("offline-submit").click();
      await frame.getByTestId("offline-done").waitFor();
      // On a phone the open widget takes the whole screen.
      const box = await visitor.locator('iframe[src*="/w/frame.html"]').boundingBox();
      expect(box?.width).toBe(390);
      await visitor.screenshot({ path: `${SHOTS}/7-visitor-offline.png` });

      const agent = await agentCtx.newPage();
      await signIn(agent, "/console/", "bob@acme.example");
      await agent.getByTestId("nav-offline").click();
      await agent.getByText("Please e-mail me about returns.").waitFor({ timeout: 10_000 });
    } finally {
      await visitorCtx.close();
      await agentCtx.close();
    }
  });
});
