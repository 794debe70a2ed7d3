// Files in a chat, as people meet them: the administrator lets visitors send files; an agent
// sends a file that the visitor saves from the widget; a file carrying the EICAR test virus is
// refused by the real ClamAV daemon and never reaches the visitor; the visitor sends a photo
// that the agent saves from the console. The settings are restored at the end.
import { mkdirSync, readFileSync } from "node:fs";
import type { Browser, BrowserContext, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EICAR } from "../../scripts/lib/clamd.mjs";
import { launch } from "./chromium";
import { adminSession, call, salesOnline, signIn, startVisitorChat, type AdminSession, type VisitorChat } from "./pages";

const SHOTS = "test-results";
mkdirSync(SHOTS, { recursive: true });

let browser: Browser;
let session: AdminSession | undefined;
let admin: Page;
let agentCtx: BrowserContext;
let agent: Page;
let visitor: VisitorChat | undefined;

beforeAll(async () => {
  browser = await launch();
  session = await adminSession(browser);
  admin = session.page;
});

afterAll(async () => {
  await session?.restore();
  if (agent) await call(agent, "POST", "/api/console/status", { status: "offline" }).catch(() => undefined);
  await visitor?.ctx.close();
  await agentCtx?.close();
  await session?.ctx.close();
  await browser?.close();
});

const saved = async (d: Download) => readFileSync((await d.path())!, "utf8");

describe("files in a chat", () => {
  it("the administrator lets visitors send files", async () => {
    await admin.getByTestId("nav-chat-security").click();
    const allow = admin.getByTestId("visitor-sendFiles");
    await allow.waitFor();
    expect(await allow.isChecked()).toBe(false);
    await allow.check();
    await admin.getByTestId("chat-settings-save").click();
    await expect.poll(async () => (await admin.getByTestId("chat-settings-changes").textContent()) ?? "").toContain("Visitors may send files: off → on");
    const { settings } = (await call(admin, "GET", "/api/admin/settings/chat")) as { settings: { visitor: { sendFiles: boolean } } };
    expect(settings.visitor.sendFiles).toBe(true);
  });

  it("an agent's file reaches the visitor, a file with a virus does not, and the visitor's file reaches the agent", async () => {
    agentCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    agent = await agentCtx.newPage();
    await signIn(agent, "/console/", "alice@acme.example");
    await agent.getByTestId("status").selectOption("online");
    await salesOnline();

    visitor = await startVisitorChat(browser, "Fiona Files", "Can you send me the return label?");
    const item = agent.getByTestId("queue-item").filter({ hasText: "Can you send me the return label?" });
    await item.waitFor({ timeout: 10_000 });
    await item.getByTestId("accept").click();
    const messages = agent.getByTestId("messages");
    await messages.getByText("Can you send me the return label?").waitFor();

    // A clean file: scanned, delivered, saved by the visitor with its content intact.
    const label = "RETURN LABEL\nOrder 5521\nShip to: Acme Returns, Dock 4\n";
    await agent.getByTestId("file-input").setInputFiles({ name: "return-label.txt", mimeType: "text/plain", buffer: Buffer.from(label) });
    await messages.getByTestId("file").filter({ hasText: "return-label.txt" }).waitFor({ timeout: 15_000 });
    const visitorFile = visitor.frame.getByTestId("file").filter({ hasText: "return-label.txt" });
    await visitorFile.waitFor({ timeout: 10_000 });
    await visitor.page.screenshot({ path: `${SHOTS}/files-1-visitor-receives.png` });
    const [download] = await Promise.all([visitor.page.waitForEvent("download"), visitorFile.click()]);
    expect(download.suggestedFilename()).toBe("return-label.txt");
    expect(await saved(download)).toBe(label);

    // A file carrying the EICAR test virus: refused with the scanner's finding, never sent.
    await agent.getByTestId("file-input").setInputFiles({ name: "invoice.txt", mimeType: "text/plain", buffer: Buffer.from(EICAR) });
    const toast = agent.getByTestId("toast").filter({ hasText: "invoice.txt was not sent" });
    await toast.waitFor({ timeout: 15_000 });
    expect(await toast.textContent()).toContain("Parley.Test.EICAR");
    await agent.screenshot({ path: `${SHOTS}/files-2-agent-virus-refused.png` });
    expect(await messages.getByTestId("file").count()).toBe(1);
    expect(await visitor.frame.getByText("invoice.txt").count()).toBe(0);

    // The visitor sends a photo; the agent saves it from the console.
    const photo = Buffer.from("\x89PNG fake photo bytes for the test");
    await visitor.frame.getByTestId("file-input").setInputFiles({ name: "damaged-box.png", mimeType: "image/png", buffer: photo });
    const agentFile = messages.getByTestId("file").filter({ hasText: "damaged-box.png" });
    await agentFile.waitFor({ timeout: 15_000 });
    await agent.screenshot({ path: `${SHOTS}/files-3-agent-receives.png` });
    const [fromVisitor] = await Promise.all([agent.waitForEvent("download"), agentFile.getByRole("link").click()]);
    expect(fromVisitor.suggestedFilename()).toBe("damaged-box.png");
    expect(readFileSync((await fromVisitor.path())!)).toEqual(photo);
  });
});
