/**
 * The visitor's API. Anonymous callers are identified by the tenant's public widget key; once a
 * chat starts they hold a visitor token for that chat only. The widget runs in an iframe on
 * Parley's origin, so these routes need no CORS: other origins cannot call them from a browser.
 */
import { Hono } from "hono";
import { newId } from "../../core/encoding";
import { ChatSocketQuery, FileUploadQuery, id, LIMITS, OfflineMessageBody, StartChatBody, SurveyBody, WidgetKeyQuery } from "../../core/protocol";
import { signVisitor, type VisitorClaims } from "../../core/tokens";
import { chatActor, forwardUpgrade, refuseUpgrade, tenantActor } from "../actors";
import { clientIp, rateLimit, visitorFor, VISITOR_TTL_S, type AppEnv } from "../auth";
import { department, listDepartments, tenantByPublicKey } from "../db/directory";
import { saveOfflineMessage } from "../db/offline";
import { isBlocked, visitorKey } from "../db/blocks";
import { chatSettings } from "../db/settings";
import { saveSurvey } from "../db/transcripts";
import { ApiError, conflict, jsonBody, notFound, parse } from "../errors";
import { receiveFile, sendFile } from "../files";
import { describe } from "../openapi";

export const widgetRoutes = new Hono<AppEnv>();

/** A blocked visitor can neither start a chat nor leave a message. */
async function refuseBlocked(env: Env, tenantId: string, ipHash: string): Promise<void> {
  if (await isBlocked(env.DB, tenantId, ipHash)) throw new ApiError(403, "visitor_blocked", "chat is not available to you on this site");
}

async function tenantFor(env: Env, key: string) {
  const tenant = await tenantByPublicKey(env.DB, key);
  if (!tenant) throw new ApiError(404, "unknown_key", "no Parley account uses this widget key");
  return tenant;
}

describe({
  method: "get",
  path: "/api/widget/config",
  tag: "widget",
  auth: "public",
  summary: "Departments of the tenant and whether each has an agent online",
  query: WidgetKeyQuery,
  responses: { 200: "body { tenantName, departments: [{ id, name, online }], copyTranscripts, sendFiles }", 400: "invalid key", 404: "unknown_key" },
});
widgetRoutes.get("/config", async (c) => {
  const { key } = parse(WidgetKeyQuery, c.req.query());
  const tenant = await tenantFor(c.env, key);
  const [departments, online, settings] = await Promise.all([
    listDepartments(c.env.DB, tenant.id),
    tenantActor(c.env, tenant.id).availability(),
    chatSettings(c.env.DB, tenant.id),
  ]);
  return c.json({
    tenantName: tenant.name,
    departments: departments.map((d) => ({ ...d, online: online[d.id] === true })),
    copyTranscripts: settings.visitor.copyTranscripts,
    sendFiles: settings.visitor.sendFiles,
  });
});

describe({
  method: "post",
  path: "/api/widget/chats",
  tag: "widget",
  auth: "public",
  summary: "Start a chat: queues it in the department and returns the visitor token",
  body: StartChatBody,
  responses: { 201: "body { chatId, token, queuedAt }", 400: "invalid body", 403: "visitor_blocked", 404: "unknown_key or not_found (department)", 409: "no_agents_online", 429: "rate_limited" },
});
widgetRoutes.post("/chats", async (c) => {
  const body = await jsonBody(c, StartChatBody);
  await rateLimit(c.env.WIDGET_LIMITER, `start:${clientIp(c)}`);
  const tenant = await tenantFor(c.env, body.key);
  const ipHash = await visitorKey(tenant.id, clientIp(c));
  await refuseBlocked(c.env, tenant.id, ipHash);
  if (!(await department(c.env.DB, tenant.id, body.departmentId))) throw notFound("department");
  const tenantStub = tenantActor(c.env, tenant.id);
  if (!(await tenantStub.availability())[body.departmentId]) {
    throw conflict("no_agents_online", "no agent of this department is online; leave a message instead");
  }
  const chatId = newId("c_");
  const visitor = { id: newId("v_"), name: body.name || "Visitor", email: body.email ?? null, ipHash };
  const { chat, firstMessage } = await chatActor(c.env, tenant.id, chatId).start({
    tenantId: tenant.id,
    chatId,
    departmentId: body.departmentId,
    visitor,
    firstMessage: body.message,
  });
  try {
    await tenantStub.enqueue({ chatId, departmentId: body.departmentId, queuedAt: chat.queuedAt, visitorName: visitor.name, preview: firstMessage });
  } catch (err) {
    // Never leave a chat that no queue knows about: end it (its transcript records the failure).
    await chatActor(c.env, tenant.id, chatId).end({ kind: "system", id: "system", name: "Parley" });
    throw err;
  }
  const token = await signVisitor(c.env.AUTH_SECRET, { tenantId: tenant.id, chatId, visitorId: visitor.id }, VISITOR_TTL_S);
  return c.json({ chatId, token, queuedAt: chat.queuedAt }, 201);
});

describe({
  method: "get",
  path: "/api/widget/chats/:chatId/ws",
  tag: "widget",
  auth: "visitor",
  websocket: true,
  summary: "The visitor's chat socket; resumes after `since`",
  query: ChatSocketQuery,
  responses: { 101: "switching protocols; refusals arrive as close codes 4401 (token), 4403 (wrong chat), 4404 (no such chat)", 426: "upgrade_required" },
});
widgetRoutes.get("/chats/:chatId/ws", async (c) => {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") throw new ApiError(426, "upgrade_required", "this endpoint only accepts WebSocket upgrades");
  parse(ChatSocketQuery, c.req.query());
  let v: VisitorClaims;
  try {
    v = await visitorFor(c, c.req.param("chatId"));
  } catch (e) {
    if (e instanceof ApiError) return refuseUpgrade(c.req.raw, e.status === 401 ? 4401 : 4403, e.message);
    throw e;
  }
  return forwardUpgrade(chatActor(c.env, v.tenantId, v.chatId), c.req.raw, {
    tenantId: v.tenantId,
    kind: "visitor",
    id: v.visitorId,
    name: "Visitor",
    departmentIds: [],
  });
});

describe({
  method: "post",
  path: "/api/widget/chats/:chatId/survey",
  tag: "widget",
  auth: "visitor",
  summary: "Post-chat survey (rating 1-5 and a comment), once, within 30 minutes of the end",
  body: SurveyBody,
  responses: { 204: "saved", 400: "invalid body", 401: "invalid_token", 409: "survey_closed" },
});
widgetRoutes.post("/chats/:chatId/survey", async (c) => {
  const v = await visitorFor(c, c.req.param("chatId"));
  const survey = await jsonBody(c, SurveyBody);
  const saved = await saveSurvey(c.env, v.tenantId, v.chatId, v.visitorId, survey, LIMITS.surveyWindowMs);
  if (!saved) throw conflict("survey_closed", "this chat has not ended, was already rated, or the survey window has passed");
  return c.body(null, 204);
});

describe({
  method: "post",
  path: "/api/widget/offline",
  tag: "widget",
  auth: "public",
  summary: "Leave a message for a department when no agent is online",
  body: OfflineMessageBody,
  responses: { 201: "body { id }", 400: "invalid body", 404: "unknown_key or not_found (department)", 429: "rate_limited" },
});
widgetRoutes.post("/offline", async (c) => {
  const body = await jsonBody(c, OfflineMessageBody);
  await rateLimit(c.env.WIDGET_LIMITER, `offline:${clientIp(c)}`);
  const tenant = await tenantFor(c.env, body.key);
  await refuseBlocked(c.env, tenant.id, await visitorKey(tenant.id, clientIp(c)));
  if (!(await department(c.env.DB, tenant.id, body.departmentId))) throw notFound("department");
  const id = await saveOfflineMessage(c.env, tenant.id, body);
  return c.json({ id }, 201);
});

describe({
  method: "post",
  path: "/api/widget/chats/:chatId/files",
  tag: "widget",
  auth: "visitor",
  summary: "Send a file to the agent (visitor setting: visitors may send files). The body is the raw file (at most 10 MB); it is virus-scanned before anything is stored",
  query: FileUploadQuery,
  responses: {
    201: "body { message } (also delivered to the chat's sockets)",
    400: "invalid name or empty_file",
    401: "invalid_token",
    403: "disabled_by_policy or wrong_chat",
    409: "chat_not_active",
    411: "length_required",
    413: "file_too_large",
    415: "file_type_refused (programs and scripts)",
    422: "file_infected",
    429: "rate_limited",
    503: "scanner_unavailable (nothing is stored unscanned)",
  },
});
widgetRoutes.post("/chats/:chatId/files", async (c) => {
  const v = await visitorFor(c, c.req.param("chatId"));
  if (!(await chatSettings(c.env.DB, v.tenantId)).visitor.sendFiles) {
    throw new ApiError(403, "disabled_by_policy", "this site does not accept files from visitors");
  }
  await rateLimit(c.env.WIDGET_LIMITER, `file:${clientIp(c)}`);
  return receiveFile(c, { tenantId: v.tenantId, chatId: v.chatId, kind: "visitor", id: v.visitorId, name: "Visitor" });
});

describe({
  method: "get",
  path: "/api/widget/chats/:chatId/files/:fileId",
  tag: "widget",
  auth: "visitor",
  summary: "Download a file sent in my chat",
  responses: { 200: "the file, as an attachment", 401: "invalid_token", 403: "wrong_chat", 404: "not_found" },
});
widgetRoutes.get("/chats/:chatId/files/:fileId", async (c) => {
  const v = await visitorFor(c, c.req.param("chatId"));
  return sendFile(c, v.tenantId, v.chatId, parse(id, c.req.param("fileId")));
});
