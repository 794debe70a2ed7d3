/** Test helpers: drive the real Worker through SELF like a browser would. */
import { SELF } from "cloudflare:test";
import { afterEach, expect } from "vitest";
import { DEFAULT_CHAT_SETTINGS, type ChatSettings } from "../core/chat-settings";
import type { ChatServerFrame, LobbyServerFrame } from "../core/protocol";

export const ORIGIN = "https://parley.test";
const OPERATOR = "test-provision-token";
export const PASSWORD = "correct horse battery staple";

export interface TestTenant {
  tenantId: string;
  key: string;
  departments: Record<string, string>;
  users: Record<string, string>;
  /** e-mail of each user by short name: admin, manager (site manager), dm (manager of Sales), alice (Sales), bob (Support, Sales). */
  emails: { admin: string; manager: string; dm: string; alice: string; bob: string };
}

/** Creates a fresh tenant with two departments, an administrator and two agents. */
export async function makeTenant(label = crypto.randomUUID().slice(0, 8)): Promise<TestTenant> {
  const emails = {
    admin: `admin-${label}@example.com`,
    manager: `manager-${label}@example.com`,
    dm: `dm-${label}@example.com`,
    alice: `alice-${label}@example.com`,
    bob: `bob-${label}@example.com`,
  };
  const key = `pk_test_${label.replace(/[^A-Za-z0-9]/g, "")}`;
  const res = await SELF.fetch(`${ORIGIN}/api/operator/tenants`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${OPERATOR}` },
    body: JSON.stringify({
      name: `Tenant ${label}`,
      publicKey: key,
      allowedOrigins: ["https://shop.example"],
      departments: ["Sales", "Support"],
      users: [
        { email: emails.admin, name: "Ada Admin", role: "site_admin", password: PASSWORD, departments: [] },
        { email: emails.manager, name: "Max Manager", role: "site_manager", password: PASSWORD, departments: [] },
        { email: emails.dm, name: "Dora Deptmanager", role: "dept_manager", password: PASSWORD, departments: ["Sales"] },
        { email: emails.alice, name: "Alice Agent", role: "agent", password: PASSWORD, departments: ["Sales"] },
        { email: emails.bob, name: "Bob Agent", role: "agent", password: PASSWORD, departments: ["Support", "Sales"] },
      ],
    }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as Omit<TestTenant, "key" | "emails">;
  return { ...body, key, emails };
}

export const randomIp = () => `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}`;

/** Signs in and returns the cookie header to send on later requests. */
export async function login(email: string, password = PASSWORD): Promise<string> {
  // Each sign-in comes from its own address so the per-IP login limit does not trip across tests.
  const res = await api("/api/auth/login", { method: "POST", body: { email, password }, headers: { "cf-connecting-ip": randomIp() } });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0]!;
  expect(cookie).toMatch(/^__Host-parley_session=/);
  return cookie;
}

export function api(path: string, opts: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { origin: ORIGIN, ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: opts.method ?? "GET",
    headers,
    ...(opts.body !== undefined ? { body: typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body) } : {}),
  });
}

/** A WebSocket client that records every frame and lets tests wait for one. */
export class Client<F = ChatServerFrame> {
  frames: F[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.accept();
    ws.addEventListener("message", (e) => {
      this.frames.push(JSON.parse(e.data as string) as F);
      this.wake();
    });
    ws.addEventListener("close", (e) => {
      this.closed = { code: e.code, reason: e.reason };
      this.wake();
    });
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Waits for the first recorded frame (from `from` on) matching `pred`. */
  async next<T extends F>(pred: (f: F) => f is T, timeoutMs?: number): Promise<T>;
  async next(pred: (f: F) => boolean, timeoutMs?: number): Promise<F>;
  async next(pred: (f: F) => boolean, timeoutMs = 5000): Promise<F> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.find(pred);
      if (hit) return hit;
      if (this.closed) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) before the frame arrived`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error("socket did not close");
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.closed;
  }

  close(): void {
    try {
      this.ws.close(1000, "test done");
    } catch {
      /* already closed */
    }
  }
}

async function upgrade(path: string, headers: Record<string, string>): Promise<WebSocket> {
  const res = await SELF.fetch(`${ORIGIN}${path}`, { headers: { upgrade: "websocket", origin: ORIGIN, ...headers } });
  if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
  return res.webSocket;
}

export const visitorSocket = async (chatId: string, token: string, since = 0) =>
  new Client(await upgrade(`/api/widget/chats/${chatId}/ws?since=${since}`, { "sec-websocket-protocol": `parley.v1, bearer.${token}` }));

export const agentSocket = async (chatId: string, cookie: string, since = 0) =>
  new Client(await upgrade(`/api/console/chats/${chatId}/ws?since=${since}`, { cookie }));

export const lobbySocket = async (cookie: string) => new Client<LobbyServerFrame>(await upgrade(`/api/console/ws`, { cookie }));

/** Puts an agent online: a lobby socket plus status "online". Returns the lobby client. */
export async function goOnline(cookie: string): Promise<Client<LobbyServerFrame>> {
  const lobby = await lobbySocket(cookie);
  const res = await api("/api/console/status", { method: "POST", cookie, body: { status: "online" } });
  expect(res.status).toBe(200);
  return lobby;
}

export async function startChat(t: TestTenant, department = "Sales", message = "Hello, I need help") {
  // Each visitor comes from its own address, so the per-IP limit on starting chats does not trip across tests.
  const res = await api("/api/widget/chats", {
    method: "POST",
    headers: { "cf-connecting-ip": randomIp() },
    body: { key: t.key, departmentId: t.departments[department], name: "Vera Visitor", message },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { chatId: string; token: string; queuedAt: number };
}

export const isType =
  <K extends string>(type: K) =>
  <F extends { type: string }>(f: F): f is Extract<F, { type: K }> =>
    f.type === type;
export const msgWithBody = (body: string) => (f: ChatServerFrame) => f.type === "msg" && f.message.body === body;
export const ackFor =
  (clientId: string) =>
  (f: ChatServerFrame): f is Extract<ChatServerFrame, { type: "ack" }> =>
    f.type === "ack" && f.clientId === clientId;

/** Returns `track(client)`: every tracked socket is closed after each test of the file. */
export function trackSockets() {
  const open: Client<any>[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  return <T extends Client<any>>(c: T): T => (open.push(c), c);
}

/** Saves the defaults with `change` applied as the tenant's chat settings; returns the administrator's cookie. */
export async function setChatSettings(t: TestTenant, change: (s: ChatSettings) => void): Promise<string> {
  const admin = await login(t.emails.admin);
  const s = structuredClone(DEFAULT_CHAT_SETTINGS);
  change(s);
  const res = await api("/api/admin/settings/chat", { method: "PUT", cookie: admin, body: s });
  expect(res.status).toBe(200);
  return admin;
}

/** Alice online holding one active chat (visitor "Vera Visitor" from `ip`), both sockets open and welcomed. */
export async function liveChat(t: TestTenant, track: <T extends Client<any>>(c: T) => T, opts: { ip?: string; message?: string } = {}) {
  const alice = await login(t.emails.alice);
  track(await goOnline(alice));
  const res = await api("/api/widget/chats", {
    method: "POST",
    headers: { "cf-connecting-ip": opts.ip ?? randomIp() },
    body: { key: t.key, departmentId: t.departments.Sales, name: "Vera Visitor", email: "vera@example.com", message: opts.message ?? "Hello" },
  });
  expect(res.status).toBe(201);
  const chat = (await res.json()) as { chatId: string; token: string };
  expect((await api(`/api/console/chats/${chat.chatId}/accept`, { method: "POST", cookie: alice })).status).toBe(200);
  const visitor = track(await visitorSocket(chat.chatId, chat.token));
  const agent = track(await agentSocket(chat.chatId, alice));
  await visitor.next(isType("welcome"));
  await agent.next(isType("welcome"));
  return { alice, chat, visitor, agent };
}
