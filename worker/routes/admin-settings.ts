/** Chat, privacy and storage settings, and the visitors agents have blocked. */
import { Hono, type Context } from "hono";
import { archiveMaskRules, chatMaskRules, ChatSettings } from "../../core/chat-settings";
import { maskText } from "../../core/masking";
import { id, MaskPreviewBody } from "../../core/protocol";
import { requireUser, type AppEnv } from "../auth";
import { listBlocks } from "../db/blocks";
import { eventStatement } from "../db/events";
import { CHAT, chatSettings, forgetSettings, writeSettingsStatement } from "../db/settings";
import { jsonBody, notFound, parse } from "../errors";
import { describe } from "../openapi";

export const adminSettingsRoutes = new Hono<AppEnv>();

describe({ method: "get", path: "/api/admin/settings/chat", tag: "admin", auth: "session", summary: "Agent (per role), visitor and storage security settings, masking rules, push domains", responses: { 200: "body { settings }", 403: "forbidden" } });
adminSettingsRoutes.get("/chat", requireUser("settings.read"), async (c) => c.json({ settings: await chatSettings(c.env.DB, c.get("user").tenantId) }));

describe({ method: "put", path: "/api/admin/settings/chat", tag: "admin", auth: "admin", summary: "Replace the chat settings; chats in progress follow within seconds; the change is recorded with old and new values", body: ChatSettings, responses: { 200: "body { settings }", 400: "invalid body", 403: "forbidden" } });
adminSettingsRoutes.put("/chat", requireUser("settings.write"), async (c: Context<AppEnv>) => {
  const next = await jsonBody(c, ChatSettings);
  const me = c.get("user");
  const before = await chatSettings(c.env.DB, me.tenantId);
  if (JSON.stringify(before) !== JSON.stringify(next)) {
    await c.env.DB.batch([
      writeSettingsStatement(c.env.DB, me.tenantId, CHAT, next, me.id),
      eventStatement(c.env.DB, { tenantId: me.tenantId, actorId: me.id, action: "settings.chat_changed", detail: { before, after: next } }),
    ]);
    forgetSettings(me.tenantId, CHAT);
  }
  return c.json({ settings: next });
});

describe({ method: "get", path: "/api/admin/settings/blocked-visitors", tag: "admin", auth: "session", summary: "Visitors blocked by agents (for 30 days each)", responses: { 200: "body { blocks }", 403: "forbidden" } });
adminSettingsRoutes.get("/blocked-visitors", requireUser("settings.read"), async (c) => c.json({ blocks: await listBlocks(c.env.DB, c.get("user").tenantId) }));

describe({ method: "delete", path: "/api/admin/settings/blocked-visitors/:blockId", tag: "admin", auth: "admin", summary: "Lift a block", responses: { 204: "lifted", 404: "not_found" } });
adminSettingsRoutes.delete("/blocked-visitors/:blockId", requireUser("settings.write"), async (c) => {
  const blockId = parse(id, c.req.param("blockId"));
  const me = c.get("user");
  const [r] = await c.env.DB.batch([
    c.env.DB.prepare("DELETE FROM blocked_visitors WHERE id = ? AND tenant_id = ?").bind(blockId, me.tenantId),
    eventStatement(c.env.DB, { tenantId: me.tenantId, actorId: me.id, action: "visitor.unblocked", targetId: blockId }),
  ]);
  if (r!.meta.changes === 0) throw notFound("block");
  return c.body(null, 204);
});

const PreviewBody = MaskPreviewBody.extend({ settings: ChatSettings.optional() });
describe({
  method: "post",
  path: "/api/admin/settings/masking/preview",
  tag: "admin",
  auth: "session",
  summary: "Try the masking rules on sample text: what agents would see during chat, and what the archive would keep",
  body: PreviewBody,
  responses: { 200: "body { duringChat, archived, found }", 400: "invalid body", 403: "forbidden" },
});
adminSettingsRoutes.post("/masking/preview", requireUser("settings.read"), async (c) => {
  const { text, settings } = await jsonBody(c, PreviewBody);
  const s = settings ?? (await chatSettings(c.env.DB, c.get("user").tenantId));
  const chat = maskText(text, chatMaskRules(s));
  // The archive keeps what the chat stored, masked again by the archive rules.
  const archived = maskText(chat.text, archiveMaskRules(s));
  return c.json({ duringChat: chat.text, archived: archived.text, found: chat.found.map((f) => f.kind) });
});
