/**
 * Transcripts in D1. Written once when a chat ends; visitor data, the message log and the survey
 * comment are sealed with the tenant's data key, bound to the row by AAD.
 */
import type { ChatMessage, Transcript, TranscriptSummary } from "../../core/protocol";
import type { ChatMeta } from "../../durable/chat-session";
import { archiveMaskRules, masked, masksAnything } from "../../core/chat-settings";
import { deleteChatFiles } from "./files";
import { openField, sealField, type StoredBlob } from "./keys";
import { chatSettings } from "./settings";

type KeyEnv = Pick<Env, "DB" | "MASTER_KEY">;
type StoreEnv = KeyEnv & Pick<Env, "FILES">;

const aad = {
  body: (id: string) => `transcripts:body:${id}`,
  name: (id: string) => `transcripts:visitor_name:${id}`,
  email: (id: string) => `transcripts:visitor_email:${id}`,
  comment: (id: string) => `transcripts:survey_comment:${id}`,
};

/**
 * Writes the record of an ended chat by the tenant's storage settings: with archival disabled
 * only metadata (times, agents, wait) is kept; the visitor's name and e-mail are dropped when
 * their storage is disabled; "mask when archiving" runs before anything is sealed.
 * Idempotent: a retry after a partial failure leaves exactly one row.
 */
export async function writeTranscript(env: StoreEnv, meta: ChatMeta, messages: ChatMessage[]): Promise<void> {
  const { tenantId, chatId: id } = meta;
  const settings = await chatSettings(env.DB, tenantId);
  const full = !settings.storage.disableArchival;
  const keepIdentity = full && !settings.storage.disableVisitorIdentity;
  const rules = archiveMaskRules(settings);
  const body = full
    ? JSON.stringify({
        messages: messages.map((m) => ({
          ...m,
          body: masked(m.body, rules),
          ...(m.link ? { link: masked(m.link, rules) } : {}),
          ...(m.file ? { file: { ...m.file, name: masked(m.file.name, rules) } } : {}),
        })),
        agents: meta.agents,
      })
    : null;
  // Metadata-only storage keeps no content, and a chat's files are content.
  if (!full) await deleteChatFiles(env, tenantId, id);
  const [bodyEnc, nameEnc, emailEnc] = await Promise.all([
    sealField(env, tenantId, aad.body(id), body),
    sealField(env, tenantId, aad.name(id), keepIdentity ? meta.visitor.name : null),
    sealField(env, tenantId, aad.email(id), keepIdentity ? meta.visitor.email : null),
  ]);
  const waitMs = meta.acceptedAt === null ? null : meta.acceptedAt - meta.startedAt;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT OR IGNORE INTO transcripts (id, tenant_id, department_id, storage, visitor_id, visitor_name_enc, visitor_email_enc,
         body_enc, masked, message_count, started_at, accepted_at, ended_at, wait_ms, ended_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).bind(
      id,
      tenantId,
      meta.departmentId,
      full ? "full" : "metadata",
      meta.visitor.id,
      nameEnc,
      emailEnc,
      bodyEnc,
      Number(masksAnything(rules)),
      messages.length,
      meta.startedAt,
      meta.acceptedAt,
      meta.endedAt ?? Date.now(),
      waitMs,
      meta.endedBy ?? "system",
    ),
    ...meta.agents.map((a) =>
      env.DB.prepare("INSERT OR IGNORE INTO transcript_agents (tenant_id, transcript_id, agent_id) VALUES (?, ?, ?)").bind(tenantId, id, a.id),
    ),
  ]);
}

/** Records the visitor's survey once, within the survey window after the chat ended. */
export async function saveSurvey(
  env: KeyEnv,
  tenantId: string,
  id: string,
  visitorId: string,
  survey: { rating: number; comment?: string | undefined },
  windowMs: number,
): Promise<boolean> {
  const settings = await chatSettings(env.DB, tenantId);
  // With survey archival disabled the answer is accepted and kept nowhere.
  if (settings.storage.disableArchival) return true;
  const rules = archiveMaskRules(settings);
  const text = survey.comment ? masked(survey.comment, rules) : undefined;
  const comment = text ? await sealField(env, tenantId, aad.comment(id), text) : null;
  const r = await env.DB.prepare(
    `UPDATE transcripts SET rating = ?, survey_comment_enc = ?
     WHERE id = ? AND tenant_id = ? AND visitor_id = ? AND rating IS NULL AND ended_at > ?`,
  )
    .bind(survey.rating, comment, id, tenantId, visitorId, Date.now() - windowMs)
    .run();
  return r.meta.changes === 1;
}


interface Row {
  id: string;
  department_id: string;
  department_name: string | null;
  visitor_name_enc: StoredBlob;
  agents: string;
  started_at: number;
  ended_at: number;
  wait_ms: number | null;
  rating: number | null;
  message_count: number;
}

const SELECT = `SELECT t.id, t.department_id, d.name AS department_name, t.visitor_name_enc, t.started_at, t.ended_at, t.wait_ms,
    t.rating, t.message_count,
    (SELECT json_group_array(json_object('id', a.agent_id, 'name', COALESCE(u.name, '(deleted user)')))
       FROM transcript_agents a LEFT JOIN users u ON u.id = a.agent_id AND u.tenant_id = a.tenant_id
       WHERE a.transcript_id = t.id AND a.tenant_id = t.tenant_id) AS agents
  FROM transcripts t LEFT JOIN departments d ON d.id = t.department_id AND d.tenant_id = t.tenant_id`;

async function toSummary(env: KeyEnv, tenantId: string, r: Row): Promise<TranscriptSummary> {
  const agents = JSON.parse(r.agents) as { id: string; name: string }[];
  return {
    id: r.id,
    departmentId: r.department_id,
    departmentName: r.department_name ?? "(deleted department)",
    visitorName: (await openField(env, tenantId, aad.name(r.id), r.visitor_name_enc)) ?? "Visitor",
    agentIds: agents.map((a) => a.id),
    agentNames: agents.map((a) => a.name),
    startedAt: r.started_at,
    endedAt: r.ended_at,
    waitMs: r.wait_ms,
    rating: r.rating,
    messageCount: r.message_count,
  };
}

/** Which transcripts a reader may see (core/capabilities.ts `dataScope`). */
export type Reader = { scope: "tenant" } | { scope: "departments"; departmentIds: string[] } | { scope: "own"; userId: string };

function readerClause(r: Reader): { sql: string; args: string[] } {
  if (r.scope === "tenant") return { sql: "1 = 1", args: [] };
  if (r.scope === "departments") return { sql: `t.department_id IN (${r.departmentIds.map(() => "?").join(",") || "NULL"})`, args: r.departmentIds };
  return { sql: "EXISTS (SELECT 1 FROM transcript_agents o WHERE o.transcript_id = t.id AND o.tenant_id = t.tenant_id AND o.agent_id = ?)", args: [r.userId] };
}

export interface TranscriptFilter {
  from?: number | undefined;
  to?: number | undefined;
  agentId?: string | undefined;
  departmentId?: string | undefined;
  before?: string | undefined;
  limit: number;
}

/** Newest first, keyset-paginated by (ended_at, id); `next` is the cursor for the following page. */
export async function listTranscripts(env: KeyEnv, tenantId: string, reader: Reader, f: TranscriptFilter) {
  const scope = readerClause(reader);
  const where = ["t.tenant_id = ?", scope.sql];
  const args: (string | number)[] = [tenantId, ...scope.args];
  if (f.from !== undefined) where.push("t.ended_at >= ?"), args.push(f.from);
  if (f.to !== undefined) where.push("t.ended_at < ?"), args.push(f.to);
  if (f.departmentId) where.push("t.department_id = ?"), args.push(f.departmentId);
  if (f.agentId) {
    where.push("EXISTS (SELECT 1 FROM transcript_agents x WHERE x.transcript_id = t.id AND x.tenant_id = t.tenant_id AND x.agent_id = ?)");
    args.push(f.agentId);
  }
  const cursor = f.before?.match(/^(\d+):([A-Za-z0-9_-]+)$/);
  if (cursor) where.push("(t.ended_at < ? OR (t.ended_at = ? AND t.id < ?))"), args.push(Number(cursor[1]), Number(cursor[1]), cursor[2]!);
  const { results } = await env.DB.prepare(`${SELECT} WHERE ${where.join(" AND ")} ORDER BY t.ended_at DESC, t.id DESC LIMIT ?`)
    .bind(...args, f.limit + 1)
    .all<Row>();
  const page = results.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    transcripts: await Promise.all(page.map((r) => toSummary(env, tenantId, r))),
    next: results.length > f.limit && last ? `${last.ended_at}:${last.id}` : null,
  };
}

export async function mayReadTranscript(env: KeyEnv, tenantId: string, reader: Reader, id: string): Promise<boolean> {
  const scope = readerClause(reader);
  const row = await env.DB.prepare(`SELECT 1 AS ok FROM transcripts t WHERE t.tenant_id = ? AND t.id = ? AND ${scope.sql}`)
    .bind(tenantId, id, ...scope.args)
    .first();
  return row !== null;
}

export async function getTranscript(env: KeyEnv, tenantId: string, reader: Reader, id: string): Promise<Transcript | null> {
  const scope = readerClause(reader);
  const r = await env.DB.prepare(
    `${SELECT.replace("t.message_count,", "t.message_count, t.body_enc, t.visitor_email_enc, t.survey_comment_enc,")} WHERE t.tenant_id = ? AND t.id = ? AND ${scope.sql}`,
  )
    .bind(tenantId, id, ...scope.args)
    .first<Row & { body_enc: StoredBlob; visitor_email_enc: StoredBlob; survey_comment_enc: StoredBlob }>();
  if (!r) return null;
  const body = await openField(env, tenantId, aad.body(id), r.body_enc);
  return {
    ...(await toSummary(env, tenantId, r)),
    visitorEmail: await openField(env, tenantId, aad.email(id), r.visitor_email_enc),
    surveyComment: await openField(env, tenantId, aad.comment(id), r.survey_comment_enc),
    messages: body ? (JSON.parse(body) as { messages: ChatMessage[] }).messages : [],
  };
}
