/** The agent console's API: presence, queue, accepting and transferring chats, history. */
import { Hono } from "hono";
import { BlockVisitorBody, ChatSocketQuery, EmailTranscriptBody, FileUploadQuery, id, StatusBody, TranscriptQuery, TransferBody } from "../../core/protocol";
import { transcriptText } from "../../core/transcript-text";
import { agentIdentity, agentRef, chatActor, forwardUpgrade, tenantActor } from "../actors";
import { requireToggle, requireUser, type AppEnv } from "../auth";
import { dataScope } from "../../core/capabilities";
import { listDepartments, type User } from "../db/directory";
import { listOfflineMessages } from "../db/offline";
import { blockStatement } from "../db/blocks";
import { eventStatement, logEvent } from "../db/events";
import { chatSettings } from "../db/settings";
import { deleteChatFiles } from "../db/files";
import { getTranscript, listTranscripts, mayReadTranscript, type Reader } from "../db/transcripts";
import { receiveFile, sendFile } from "../files";
import { sendMail } from "../mail";
import { ApiError, conflict, jsonBody, notFound, parse } from "../errors";
import { describe } from "../openapi";
import { colleagueRoutes } from "./colleagues";

export const consoleRoutes = new Hono<AppEnv>();
consoleRoutes.use(requireUser("chats.answer"));
consoleRoutes.route("/colleagues", colleagueRoutes);

/** The transcripts this user may read. */
function reader(u: User): Reader {
  const scope = dataScope(u.role, "transcripts");
  return scope === "tenant" ? { scope } : scope === "departments" ? { scope, departmentIds: u.departmentIds } : { scope, userId: u.id };
}

const chatIdParam = (raw: string) => parse(id, raw);
const requireUpgrade = (h: string | undefined) => {
  if (h?.toLowerCase() !== "websocket") throw new ApiError(426, "upgrade_required", "this endpoint only accepts WebSocket upgrades");
};

describe({
  method: "get",
  path: "/api/console/state",
  tag: "console",
  auth: "session",
  summary: "My status, the queue of my departments, my chats, agents' presence, departments, and what my role may do",
  responses: { 200: "body { status, queue, assigned, agents, departments, permissions, pushDomains }", 401: "unauthenticated" },
});
consoleRoutes.get("/state", async (c) => {
  const user = c.get("user");
  const [state, departments, settings] = await Promise.all([
    tenantActor(c.env, user.tenantId).state(agentRef(user)),
    listDepartments(c.env.DB, user.tenantId),
    chatSettings(c.env.DB, user.tenantId),
  ]);
  // What the console offers follows these; the server refuses the same actions anyway.
  return c.json({ ...state, departments, permissions: settings.agent[user.role], pushDomains: settings.pushDomains });
});

describe({
  method: "post",
  path: "/api/console/status",
  tag: "console",
  auth: "session",
  summary: "Set my status (online, away, offline)",
  body: StatusBody,
  responses: { 200: "body { status }", 400: "invalid body", 401: "unauthenticated" },
});
consoleRoutes.post("/status", async (c) => {
  const { status } = await jsonBody(c, StatusBody);
  const user = c.get("user");
  return c.json({ status: await tenantActor(c.env, user.tenantId).setStatus(agentRef(user), status) });
});

describe({
  method: "get",
  path: "/api/console/ws",
  tag: "console",
  auth: "session",
  websocket: true,
  summary: "Lobby socket: live queue, presence and my assigned chats",
  responses: { 101: "switching protocols", 401: "unauthenticated", 403: "cross_origin_refused", 426: "upgrade_required" },
});
consoleRoutes.get("/ws", async (c) => {
  requireUpgrade(c.req.header("Upgrade"));
  const user = c.get("user");
  return forwardUpgrade(tenantActor(c.env, user.tenantId), c.req.raw, agentIdentity(user, c.get("sid")));
});

describe({
  method: "post",
  path: "/api/console/chats/:chatId/accept",
  tag: "console",
  auth: "session",
  summary: "Take a queued chat; exactly one of concurrent accepts wins",
  responses: { 200: "body { chat }", 403: "not_your_department", 409: "already_taken or chat_ended" },
});
consoleRoutes.post("/chats/:chatId/accept", async (c) => {
  const user = c.get("user");
  const r = await tenantActor(c.env, user.tenantId).accept(agentRef(user), chatIdParam(c.req.param("chatId")));
  if (r.ok) return c.json({ chat: r.chat });
  if (r.code === "not_your_department") throw new ApiError(403, "not_your_department", "this chat is queued for a department you do not serve");
  throw conflict(r.code, r.code === "already_taken" ? "another agent took this chat, or it left the queue" : "the chat has ended");
});

describe({
  method: "post",
  path: "/api/console/chats/:chatId/transfer",
  tag: "console",
  auth: "session",
  summary: "Transfer a chat I hold to another agent or to a department's queue",
  body: TransferBody,
  responses: { 200: "transferred", 400: "invalid body", 403: "not_your_chat", 404: "unknown_department", 409: "agent_unavailable, same_agent or chat_ended" },
});
consoleRoutes.post("/chats/:chatId/transfer", async (c) => {
  const user = c.get("user");
  const to = await jsonBody(c, TransferBody);
  const r = await tenantActor(c.env, user.tenantId).transfer(agentRef(user), chatIdParam(c.req.param("chatId")), to);
  if (r.ok) return c.json({ ok: true });
  if (r.code === "not_your_chat") throw new ApiError(403, "not_your_chat", "you do not hold this chat");
  if (r.code === "unknown_department") throw notFound("department");
  throw conflict(r.code, { agent_unavailable: "that agent is not online", same_agent: "you already hold this chat", chat_ended: "the chat has ended" }[r.code]);
});

describe({
  method: "post",
  path: "/api/console/chats/:chatId/end",
  tag: "console",
  auth: "session",
  summary: "End a chat I hold",
  responses: { 200: "ended", 403: "forbidden", 404: "not_found" },
});
consoleRoutes.post("/chats/:chatId/end", async (c) => {
  const user = c.get("user");
  const r = await chatActor(c.env, user.tenantId, chatIdParam(c.req.param("chatId"))).end({ kind: "agent", id: user.id, name: user.name });
  if (r.ok) return c.json({ ok: true });
  throw r.code === "forbidden" ? new ApiError(403, "not_your_chat", "you do not hold this chat") : notFound("chat");
});

describe({
  method: "get",
  path: "/api/console/chats/:chatId/ws",
  tag: "console",
  auth: "session",
  websocket: true,
  summary: "Chat socket for a chat I hold; resumes after `since`",
  query: ChatSocketQuery,
  responses: { 101: "switching protocols (refusals arrive as close codes 4403/4404)", 401: "unauthenticated", 426: "upgrade_required" },
});
consoleRoutes.get("/chats/:chatId/ws", async (c) => {
  requireUpgrade(c.req.header("Upgrade"));
  parse(ChatSocketQuery, c.req.query());
  const user = c.get("user");
  return forwardUpgrade(chatActor(c.env, user.tenantId, chatIdParam(c.req.param("chatId"))), c.req.raw, agentIdentity(user, c.get("sid")));
});

describe({
  method: "get",
  path: "/api/console/transcripts",
  tag: "console",
  auth: "session",
  summary: "Past chats I may read (agents: their own; department managers: their departments), newest first, filtered by date, agent and department",
  query: TranscriptQuery,
  responses: { 200: "body { transcripts, next }", 400: "invalid query", 401: "unauthenticated" },
});
consoleRoutes.get("/transcripts", async (c) => {
  const q = parse(TranscriptQuery, c.req.query());
  return c.json(await listTranscripts(c.env, c.get("user").tenantId, reader(c.get("user")), q));
});

describe({
  method: "get",
  path: "/api/console/transcripts/:transcriptId",
  tag: "console",
  auth: "session",
  summary: "One transcript with its messages and survey",
  responses: { 200: "body { transcript }", 404: "not_found" },
});
consoleRoutes.get("/transcripts/:transcriptId", async (c) => {
  const t = await getTranscript(c.env, c.get("user").tenantId, reader(c.get("user")), parse(id, c.req.param("transcriptId")));
  if (!t) throw notFound("transcript");
  return c.json({ transcript: t });
});

describe({
  method: "get",
  path: "/api/console/offline-messages",
  tag: "console",
  auth: "session",
  summary: "Messages visitors left while no agent was online, newest first",
  responses: { 200: "body { messages }", 401: "unauthenticated" },
});
consoleRoutes.get("/offline-messages", async (c) => {
  const user = c.get("user");
  const departments = dataScope(user.role, "offline_messages") === "tenant" ? null : user.departmentIds;
  return c.json({ messages: await listOfflineMessages(c.env, user.tenantId, departments) });
});

// ------------------------------------------------------------------ actions governed by the tenant's settings

describe({
  method: "post",
  path: "/api/console/chats/:chatId/reject",
  tag: "console",
  auth: "session",
  summary: "Decline a queued chat: it leaves my queue and stays queued for everyone else (setting: reject queued chats)",
  responses: { 200: "rejected", 403: "disabled_by_policy", 409: "not_queued" },
});
consoleRoutes.post("/chats/:chatId/reject", async (c) => {
  await requireToggle(c, "rejectQueued");
  const user = c.get("user");
  const r = await tenantActor(c.env, user.tenantId).reject(agentRef(user), chatIdParam(c.req.param("chatId")));
  if (!r.ok) throw conflict("not_queued", "this chat is not waiting in your queue");
  return c.json({ ok: true });
});

describe({
  method: "post",
  path: "/api/console/chats/:chatId/block",
  tag: "console",
  auth: "session",
  summary: "Block the visitor of a chat I hold (setting: block visitors): the chat ends and they cannot start another for 30 days",
  body: BlockVisitorBody,
  responses: { 200: "blocked", 403: "disabled_by_policy or not_your_chat" },
});
consoleRoutes.post("/chats/:chatId/block", async (c) => {
  await requireToggle(c, "blockVisitors");
  const { reason } = await jsonBody(c, BlockVisitorBody);
  const user = c.get("user");
  const chatId = chatIdParam(c.req.param("chatId"));
  const chat = chatActor(c.env, user.tenantId, chatId);
  const key = await chat.visitorKeyFor(user.id);
  if (!key) throw new ApiError(403, "not_your_chat", "you do not hold this chat");
  await c.env.DB.batch([
    blockStatement(c.env.DB, { tenantId: user.tenantId, key, chatId, by: user.id, reason: reason ?? null }),
    eventStatement(c.env.DB, { tenantId: user.tenantId, actorId: user.id, action: "visitor.blocked", targetId: chatId }),
  ]);
  await chat.end({ kind: "agent", id: user.id, name: user.name });
  return c.json({ ok: true });
});

describe({
  method: "delete",
  path: "/api/console/transcripts/:transcriptId",
  tag: "console",
  auth: "session",
  summary: "Delete a transcript I may read, with the chat's files (setting: delete transcripts)",
  responses: { 204: "deleted", 403: "disabled_by_policy", 404: "not_found" },
});
consoleRoutes.delete("/transcripts/:transcriptId", async (c) => {
  await requireToggle(c, "deleteTranscripts");
  const user = c.get("user");
  const transcriptId = parse(id, c.req.param("transcriptId"));
  if (!(await mayReadTranscript(c.env, user.tenantId, reader(user), transcriptId))) throw notFound("transcript");
  await deleteChatFiles(c.env, user.tenantId, transcriptId);
  await c.env.DB.batch([
    c.env.DB.prepare("DELETE FROM transcripts WHERE id = ? AND tenant_id = ?").bind(transcriptId, user.tenantId),
    eventStatement(c.env.DB, { tenantId: user.tenantId, actorId: user.id, action: "transcript.deleted", targetId: transcriptId }),
  ]);
  return c.body(null, 204);
});

describe({
  method: "post",
  path: "/api/console/transcripts/:transcriptId/email",
  tag: "console",
  auth: "session",
  summary: "E-mail a transcript I may read (setting: e-mail transcripts); the archived, masked text is sent",
  body: EmailTranscriptBody,
  responses: { 202: "sent", 403: "disabled_by_policy", 404: "not_found" },
});
consoleRoutes.post("/transcripts/:transcriptId/email", async (c) => {
  await requireToggle(c, "emailTranscripts");
  const { to } = await jsonBody(c, EmailTranscriptBody);
  const user = c.get("user");
  const transcriptId = parse(id, c.req.param("transcriptId"));
  const t = await getTranscript(c.env, user.tenantId, reader(user), transcriptId);
  if (!t) throw notFound("transcript");
  await sendMail(c.env, { to, subject: `Chat transcript: ${t.visitorName}, ${new Date(t.startedAt).toISOString().slice(0, 10)}`, text: transcriptText(t) });
  await logEvent(c.env.DB, { tenantId: user.tenantId, actorId: user.id, action: "transcript.emailed", targetId: transcriptId, detail: { to } });
  return c.body(null, 202);
});

describe({
  method: "post",
  path: "/api/console/chats/:chatId/files",
  tag: "console",
  auth: "session",
  summary: "Send a file in a chat I hold (setting: upload files). The body is the raw file (at most 10 MB); it is virus-scanned before anything is stored",
  query: FileUploadQuery,
  responses: {
    201: "body { message } (also delivered to the chat's sockets)",
    400: "invalid name or empty_file",
    403: "disabled_by_policy",
    409: "chat_not_active",
    411: "length_required",
    413: "file_too_large",
    415: "file_type_refused (programs and scripts)",
    422: "file_infected",
    503: "scanner_unavailable (nothing is stored unscanned)",
  },
});
consoleRoutes.post("/chats/:chatId/files", async (c) => {
  await requireToggle(c, "uploadFiles");
  const user = c.get("user");
  return receiveFile(c, { tenantId: user.tenantId, chatId: chatIdParam(c.req.param("chatId")), kind: "agent", id: user.id, name: user.name });
});

describe({
  method: "get",
  path: "/api/console/chats/:chatId/files/:fileId",
  tag: "console",
  auth: "session",
  summary: "Download a file of a chat I hold, or of a transcript I may read",
  responses: { 200: "the file, as an attachment", 404: "not_found" },
});
consoleRoutes.get("/chats/:chatId/files/:fileId", async (c) => {
  const user = c.get("user");
  const chatId = chatIdParam(c.req.param("chatId"));
  const fileId = parse(id, c.req.param("fileId"));
  const live = await chatActor(c.env, user.tenantId, chatId).mayPost({ kind: "agent", id: user.id });
  if (!live && !(await mayReadTranscript(c.env, user.tenantId, reader(user), chatId))) throw notFound("file");
  return sendFile(c, user.tenantId, chatId, fileId);
});
