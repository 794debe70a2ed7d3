/**
 * Agent-to-agent chats in the console (setting: agent-to-agent chats, per role). Both people's
 * roles must allow it; department managers reach only the people of their departments, as in
 * presence. Messages are masked like chat messages and delivered over the lobby socket.
 */
import { Hono } from "hono";
import { chatMaskRules, masked, type ChatSettings } from "../../core/chat-settings";
import { ColleagueMessageBody, id, type Colleague } from "../../core/protocol";
import { tenantActor } from "../actors";
import { requireToggle, type AppEnv } from "../auth";
import { listUsers, type User } from "../db/directory";
import { chatSettings } from "../db/settings";
import { ApiError, jsonBody, parse } from "../errors";
import { describe } from "../openapi";

/** Mounted inside the console routes, which have signed the user in already. */
export const colleagueRoutes = new Hono<AppEnv>();
colleagueRoutes.use(async (c, next) => {
  await requireToggle(c, "agentChats");
  await next();
});

/** The people `me` may chat with, or just `only` among them. */
async function colleaguesOf(db: D1Database, me: User, settings: ChatSettings, only?: string): Promise<Colleague[]> {
  const users = await listUsers(db, me.tenantId, {
    ...(me.role === "dept_manager" ? { departmentIds: me.departmentIds } : {}),
    ...(only ? { userId: only } : {}),
  });
  return users
    .filter((u) => u.id !== me.id && !u.disabled && !u.pendingPassword && settings.agent[u.role].agentChats)
    .map((u) => ({ id: u.id, name: u.name, role: u.role }));
}

/** The colleague named in the path, or a 404 that says nothing about who exists. */
async function colleague(c: { env: Env; get(k: "user"): User }, raw: string): Promise<{ them: Colleague; settings: ChatSettings }> {
  const me = c.get("user");
  const settings = await chatSettings(c.env.DB, me.tenantId);
  const [them] = await colleaguesOf(c.env.DB, me, settings, parse(id, raw));
  if (!them) throw new ApiError(404, "not_found", "no colleague you can chat with has this id");
  return { them, settings };
}

describe({
  method: "get",
  path: "/api/console/colleagues",
  tag: "console",
  auth: "session",
  summary: "The colleagues I may chat with (setting: agent-to-agent chats, for my role and theirs)",
  responses: { 200: "body { colleagues: [{ id, name, role }] }", 403: "disabled_by_policy" },
});
colleagueRoutes.get("/", async (c) => {
  const me = c.get("user");
  return c.json({ colleagues: await colleaguesOf(c.env.DB, me, await chatSettings(c.env.DB, me.tenantId)) });
});

describe({
  method: "get",
  path: "/api/console/colleagues/:userId/messages",
  tag: "console",
  auth: "session",
  summary: "My conversation with a colleague, oldest first (the last 200 messages of 30 days)",
  responses: { 200: "body { messages }", 403: "disabled_by_policy", 404: "not_found" },
});
colleagueRoutes.get("/:userId/messages", async (c) => {
  const { them } = await colleague(c, c.req.param("userId"));
  return c.json({ messages: await tenantActor(c.env, c.get("user").tenantId).colleagueMessages(c.get("user").id, them.id) });
});

describe({
  method: "post",
  path: "/api/console/colleagues/:userId/messages",
  tag: "console",
  auth: "session",
  summary: "Send a colleague a message: masked like chat messages, delivered to both consoles over the lobby socket",
  body: ColleagueMessageBody,
  responses: { 201: "body { message }", 400: "invalid body", 403: "disabled_by_policy", 404: "not_found" },
});
colleagueRoutes.post("/:userId/messages", async (c) => {
  const { body } = await jsonBody(c, ColleagueMessageBody);
  const { them, settings } = await colleague(c, c.req.param("userId"));
  const me = c.get("user");
  // With archival disabled the tenant keeps no conversation content: delivered, then gone.
  const message = await tenantActor(c.env, me.tenantId).postColleagueMessage(
    { id: me.id, name: me.name },
    them.id,
    masked(body, chatMaskRules(settings)),
    !settings.storage.disableArchival,
  );
  return c.json({ message }, 201);
});
