/**
 * Tenant: one actor per tenant (`idFromName(tenantId)`). It owns the live state that must be
 * decided in one place: the queue of each department, agent presence, and which agent holds
 * which chat. Because an actor runs one event at a time, "two agents accept the same chat" is
 * decided here without locks: the first accept removes the chat from the queue before anything
 * awaits, so the second finds nothing to take.
 */
import { DurableObject } from "cloudflare:workers";
import {
  AgentStatus,
  LIMITS,
  LobbyClientFrame,
  parseFrame,
  type AgentPresence,
  type AssignedChat,
  type ColleagueMessage,
  type LobbyServerFrame,
  type QueuedChat,
  type Role,
} from "../core/protocol";
import { liveSessionIds } from "../worker/db/directory";
import { securityPolicy } from "../worker/db/settings";
import { SessionActivity } from "./activity";
import { ColleagueLog } from "./colleague-log";
import { Flood } from "./flood";
import { closeAgentSockets, identityFromHeaders, type SocketIdentity } from "./identity";

/** What the Worker tells the actor about the agent making a call (verified from the session). */
export interface AgentRef {
  id: string;
  name: string;
  role: Role;
  departmentIds: string[];
}

export type AcceptResult = { ok: true; chat: AssignedChat } | { ok: false; code: "already_taken" | "not_your_department" | "chat_ended" };
export type TransferResult =
  | { ok: true }
  | { ok: false; code: "not_your_chat" | "agent_unavailable" | "unknown_department" | "chat_ended" | "same_agent" };

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS agents (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
     department_ids TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'offline')`,
  `CREATE TABLE IF NOT EXISTS queue (chat_id TEXT PRIMARY KEY, department_id TEXT NOT NULL, queued_at INTEGER NOT NULL,
     visitor_name TEXT NOT NULL, preview TEXT NOT NULL)`,
  // Agents who declined a queued chat: it stays queued for everyone else.
  `CREATE TABLE IF NOT EXISTS rejections (chat_id TEXT NOT NULL, agent_id TEXT NOT NULL, PRIMARY KEY (chat_id, agent_id))`,
  `CREATE TABLE IF NOT EXISTS assignments (chat_id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, department_id TEXT NOT NULL,
     visitor_name TEXT NOT NULL, since INTEGER NOT NULL)`,
];

/** How often connected consoles' sessions are re-checked. */
export const SESSION_SWEEP_MS = 60_000;

/**
 * Department managers see only the people of their departments; everyone else sees all agents
 * (agents need them to transfer chats).
 */
function visibleTo(viewer: Pick<AgentRef, "role" | "departmentIds">, agents: AgentPresence[]): AgentPresence[] {
  if (viewer.role !== "dept_manager") return agents;
  return agents.filter((a) => a.departmentIds.some((d) => viewer.departmentIds.includes(d)));
}

const canServeAnyDepartment = (role: Role) => role === "site_admin" || role === "site_manager";

export class Tenant extends DurableObject<Env> {
  private sql: SqlStorage;
  private flood = new Flood(LIMITS.floodFrames, LIMITS.floodWindowMs);
  private activity: SessionActivity;
  private colleagues!: ColleagueLog;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.activity = new SessionActivity(env.DB, ctx);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
    void ctx.blockConcurrencyWhile(async () => {
      for (const q of SCHEMA) this.sql.exec(q);
      this.colleagues = new ColleagueLog(this.sql);
    });
  }

  // ------------------------------------------------------------------ RPC

  /** Which departments have at least one agent online right now (status online and connected). */
  async availability(): Promise<Record<string, boolean>> {
    const out: Record<string, boolean> = {};
    for (const a of this.presence()) {
      if (a.status !== "online") continue;
      for (const d of a.departmentIds) out[d] = true;
    }
    return out;
  }

  /**
   * Delivers a colleague message to both people's consoles (the sender's other tabs too) and
   * keeps it when `keep`. The Worker has checked both are colleagues allowed to chat, and
   * masked the text.
   */
  async postColleagueMessage(from: { id: string; name: string }, to: string, body: string, keep: boolean): Promise<ColleagueMessage> {
    const message = this.colleagues.post(from, to, body, keep);
    const frame: LobbyServerFrame = { type: "colleague", message };
    for (const id of new Set([from.id, to])) for (const ws of this.ctx.getWebSockets(id)) this.send(ws, frame);
    return message;
  }

  /** The conversation between two colleagues, oldest first. */
  async colleagueMessages(a: string, b: string): Promise<ColleagueMessage[]> {
    return this.colleagues.between(a, b);
  }

  /** Adds a new chat to its department's queue. */
  async enqueue(chat: QueuedChat): Promise<void> {
    this.sql.exec(
      "INSERT OR REPLACE INTO queue (chat_id, department_id, queued_at, visitor_name, preview) VALUES (?, ?, ?, ?, ?)",
      chat.chatId,
      chat.departmentId,
      chat.queuedAt,
      chat.visitorName,
      chat.preview.slice(0, 140),
    );
    this.broadcastQueue();
  }

  /** An agent takes a queued chat. Exactly one of several concurrent accepts succeeds. */
  async accept(agent: AgentRef, chatId: string): Promise<AcceptResult> {
    this.touch(agent);
    const row = this.sql.exec<{ department_id: string; visitor_name: string; queued_at: number; preview: string }>(
      "SELECT department_id, visitor_name, queued_at, preview FROM queue WHERE chat_id = ?",
      chatId,
    ).toArray()[0];
    if (!row) return { ok: false, code: "already_taken" };
    if (!canServeAnyDepartment(agent.role) && !agent.departmentIds.includes(row.department_id)) return { ok: false, code: "not_your_department" };
    // Claim before awaiting anything: a concurrent accept now finds the queue entry gone.
    const since = Date.now();
    this.sql.exec("DELETE FROM queue WHERE chat_id = ?", chatId);
    this.sql.exec(
      "INSERT OR REPLACE INTO assignments (chat_id, agent_id, department_id, visitor_name, since) VALUES (?, ?, ?, ?, ?)",
      chatId,
      agent.id,
      row.department_id,
      row.visitor_name,
      since,
    );
    const result = await this.chat(chatId).assign({ id: agent.id, name: agent.name }, "accept");
    if (!result.ok) {
      this.sql.exec("DELETE FROM assignments WHERE chat_id = ?", chatId);
      this.broadcastQueue();
      return { ok: false, code: "chat_ended" };
    }
    this.broadcastQueue();
    this.sendAssigned(agent.id);
    this.broadcastPresence();
    return { ok: true, chat: { chatId, departmentId: row.department_id, visitorName: row.visitor_name, since } };
  }

  /** Moves a chat the agent holds to another agent (directly) or to a department's queue. */
  async transfer(agent: AgentRef, chatId: string, to: { agentId?: string | undefined; departmentId?: string | undefined }): Promise<TransferResult> {
    // The only lookup that awaits happens first; from the holder check to the claim nothing
    // awaits, so two transfers of one chat cannot both pass the check.
    if (to.departmentId && !(await this.departmentExists(to.departmentId))) return { ok: false, code: "unknown_department" };
    this.touch(agent);
    const held = this.sql.exec<{ department_id: string; visitor_name: string }>(
      "SELECT department_id, visitor_name FROM assignments WHERE chat_id = ? AND agent_id = ?",
      chatId,
      agent.id,
    ).toArray()[0];
    if (!held) return { ok: false, code: "not_your_chat" };

    if (to.agentId) {
      if (to.agentId === agent.id) return { ok: false, code: "same_agent" };
      const target = this.presence().find((a) => a.id === to.agentId);
      if (!target || target.status === "offline") return { ok: false, code: "agent_unavailable" };
      this.sql.exec("UPDATE assignments SET agent_id = ?, since = ? WHERE chat_id = ?", target.id, Date.now(), chatId);
      const r = await this.chat(chatId).assign({ id: target.id, name: target.name }, "transfer");
      if (!r.ok) return this.dropEnded(chatId);
      this.sendAssigned(agent.id);
      this.sendAssigned(target.id);
      this.broadcastPresence();
      return { ok: true };
    }

    const departmentId = to.departmentId!;
    this.sql.exec("DELETE FROM assignments WHERE chat_id = ?", chatId);
    const r = await this.chat(chatId).requeue(departmentId);
    if (!r.ok) return this.dropEnded(chatId);
    this.sql.exec(
      "INSERT OR REPLACE INTO queue (chat_id, department_id, queued_at, visitor_name, preview) VALUES (?, ?, ?, ?, ?)",
      chatId,
      departmentId,
      r.chat.queuedAt,
      held.visitor_name,
      `Transferred by ${agent.name}`,
    );
    this.sendAssigned(agent.id);
    this.broadcastQueue();
    this.broadcastPresence();
    return { ok: true };
  }

  /** An agent declines a queued chat: it leaves their queue and stays in everyone else's. */
  async reject(agent: AgentRef, chatId: string): Promise<{ ok: boolean }> {
    this.touch(agent);
    const queued = this.sql.exec<{ department_id: string }>("SELECT department_id FROM queue WHERE chat_id = ?", chatId).toArray()[0];
    if (!queued || !(canServeAnyDepartment(agent.role) || agent.departmentIds.includes(queued.department_id))) return { ok: false };
    this.sql.exec("INSERT OR IGNORE INTO rejections (chat_id, agent_id) VALUES (?, ?)", chatId, agent.id);
    // If every online agent who could take the chat has now declined it, nobody would ever see
    // it: it goes back to all of them rather than waiting unseen.
    const rejectedBy = new Set(this.sql.exec<{ agent_id: string }>("SELECT agent_id FROM rejections WHERE chat_id = ?", chatId).toArray().map((r) => r.agent_id));
    const stillOpen = this.presence().some(
      (a) => a.status === "online" && !rejectedBy.has(a.id) && (a.departmentIds.includes(queued.department_id) || this.servesAll(a.id)),
    );
    if (!stillOpen) {
      this.sql.exec("DELETE FROM rejections WHERE chat_id = ?", chatId);
      this.broadcastQueue();
    } else {
      this.sendQueue(agent.id);
    }
    return { ok: true };
  }

  private servesAll(agentId: string): boolean {
    const row = this.sql.exec<{ role: Role }>("SELECT role FROM agents WHERE id = ?", agentId).toArray()[0];
    return row !== undefined && canServeAnyDepartment(row.role);
  }

  /** Called by a ChatSession when its chat has ended: forget it everywhere. */
  async chatEnded(chatId: string): Promise<void> {
    const holder = this.sql.exec<{ agent_id: string }>("SELECT agent_id FROM assignments WHERE chat_id = ?", chatId).toArray()[0];
    const queued = this.sql.exec("DELETE FROM queue WHERE chat_id = ?", chatId).rowsWritten > 0;
    this.sql.exec("DELETE FROM assignments WHERE chat_id = ?", chatId);
    this.sql.exec("DELETE FROM rejections WHERE chat_id = ?", chatId);
    if (queued) this.broadcastQueue();
    if (holder) {
      this.sendAssigned(holder.agent_id);
      this.broadcastPresence();
    }
  }

  /**
   * Closes an agent's sockets, lobby and chats alike: all of them (disabled, or role or
   * departments changed: the console reconnects and the Worker re-reads who they are), or only
   * those of one session (sign-out). Sockets authenticate once, at the upgrade; this is how a
   * change of credentials reaches connections that are already open.
   */
  async disconnect(agentId: string, sid: string | undefined, code: number, reason: string): Promise<void> {
    closeAgentSockets(this.ctx.getWebSockets(agentId), agentId, sid, code, reason);
    await Promise.all(this.assignedTo(agentId).map((c) => this.chat(c.chatId).disconnect(agentId, sid, code, reason)));
  }

  async setStatus(agent: AgentRef, status: AgentStatus): Promise<AgentStatus> {
    this.touch(agent);
    this.sql.exec("UPDATE agents SET status = ? WHERE id = ?", status, agent.id);
    this.broadcastPresence();
    return status;
  }

  /** Everything the console needs on load (and after a reconnect). */
  async state(agent: AgentRef): Promise<{ status: AgentStatus; queue: QueuedChat[]; assigned: AssignedChat[]; agents: AgentPresence[] }> {
    this.touch(agent);
    const me = this.sql.exec<{ status: AgentStatus }>("SELECT status FROM agents WHERE id = ?", agent.id).one();
    return { status: me.status, queue: this.queueFor(agent), assigned: this.assignedTo(agent.id), agents: visibleTo(agent, this.presence()) };
  }

  // ------------------------------------------------------------------ lobby sockets

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const who = identityFromHeaders(request.headers);
    const role = who.role ?? "agent";
    this.touch({ id: who.id, name: who.name, role, departmentIds: who.departmentIds });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [who.id]);
    server.serializeAttachment({ ...who, role });
    const ref: AgentRef = { id: who.id, name: who.name, role, departmentIds: who.departmentIds };
    this.send(server, { type: "queue", chats: this.queueFor(ref) });
    this.send(server, { type: "assigned", chats: this.assignedTo(who.id) });
    this.broadcastPresence();
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + SESSION_SWEEP_MS);
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * While consoles are connected, checks every minute that their sessions are still valid
   * (not signed out, revoked, idle or too old under the tenant's policy) and closes the sockets
   * of those that are not: a socket is authenticated once, at the upgrade, and must not outlive
   * its session. Re-armed only while sockets remain.
   */
  override async alarm(): Promise<void> {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return;
    const tenantId = this.tenantId();
    const policy = await securityPolicy(this.env.DB, tenantId);
    const owners = new Map<string, string>();
    for (const ws of sockets) {
      const who = ws.deserializeAttachment() as SocketIdentity;
      if (who.sid) owners.set(who.sid, who.id);
    }
    const live = await liveSessionIds(this.env.DB, tenantId, [...owners.keys()], policy.sessions.idleMinutes * 60_000, policy.sessions.absoluteHours * 3_600_000);
    for (const [sid, agentId] of owners) {
      if (!live.has(sid)) await this.disconnect(agentId, sid, 4401, "session expired");
    }
    if (this.ctx.getWebSockets().length > 0) await this.ctx.storage.setAlarm(Date.now() + SESSION_SWEEP_MS);
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    try {
      await this.onFrame(ws, raw);
    } catch (err) {
      console.error("lobby frame failed", err instanceof Error ? err.message : String(err));
      this.send(ws, { type: "error", code: "internal", message: "this frame could not be processed" });
    }
  }

  private async onFrame(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const verdict = this.flood.hit(ws);
    if (verdict === "close") return ws.close(1008, "too many frames");
    if (verdict === "refuse") return this.send(ws, { type: "error", code: "rate_limited", message: "slow down: too many frames" });
    const parsed = parseFrame(LobbyClientFrame, raw);
    if (!parsed.ok) return this.send(ws, { type: "error", code: parsed.code, message: parsed.message });
    const who = ws.deserializeAttachment() as SocketIdentity & { role: Role };
    switch (parsed.frame.type) {
      case "status":
        this.activity.note(this.tenantId(), who.sid);
        await this.setStatus({ id: who.id, name: who.name, role: who.role, departmentIds: who.departmentIds }, parsed.frame.status);
        return;
      default: {
        const never: never = parsed.frame.type;
        return this.send(ws, { type: "error", code: "unknown_type", message: `unhandled frame ${String(never)}` });
      }
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.flood.forget(ws);
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      /* already closed */
    }
    this.broadcastPresence(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.flood.forget(ws);
    this.broadcastPresence(ws);
  }

  // ------------------------------------------------------------------ helpers

  private chat(chatId: string) {
    const tenantId = this.tenantId();
    return this.env.CHAT.get(this.env.CHAT.idFromName(`${tenantId}:${chatId}`));
  }

  /** The tenant id is this actor's name (`idFromName(tenantId)`). */
  private tenantId(): string {
    const name = this.ctx.id.name;
    if (!name) throw new Error("Tenant actors must be addressed by name");
    return name;
  }

  private async departmentExists(departmentId: string): Promise<boolean> {
    const row = await this.env.DB.prepare("SELECT 1 AS ok FROM departments WHERE tenant_id = ? AND id = ?").bind(this.tenantId(), departmentId).first();
    return row !== null;
  }

  private dropEnded(chatId: string): TransferResult {
    this.sql.exec("DELETE FROM assignments WHERE chat_id = ?", chatId);
    return { ok: false, code: "chat_ended" };
  }

  /** Upserts the agent's name, role and departments as the Worker last verified them; runs on every call, so it writes only on a change. */
  private touch(a: AgentRef): void {
    this.sql.exec(
      `INSERT INTO agents (id, name, role, department_ids) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, department_ids = excluded.department_ids
       WHERE name IS NOT excluded.name OR role IS NOT excluded.role OR department_ids IS NOT excluded.department_ids`,
      a.id,
      a.name,
      a.role,
      JSON.stringify(a.departmentIds),
    );
  }

  private presence(leaving?: WebSocket): AgentPresence[] {
    const connected = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === leaving || ws.readyState !== WebSocket.OPEN) continue;
      connected.add((ws.deserializeAttachment() as SocketIdentity).id);
    }
    const load = new Map<string, number>();
    for (const r of this.sql.exec<{ agent_id: string; n: number }>("SELECT agent_id, COUNT(*) AS n FROM assignments GROUP BY agent_id")) {
      load.set(r.agent_id, r.n);
    }
    return this.sql
      .exec<{ id: string; name: string; status: AgentStatus; department_ids: string }>("SELECT id, name, status, department_ids FROM agents ORDER BY name")
      .toArray()
      .map((a) => ({
        id: a.id,
        name: a.name,
        // An agent without a console open cannot answer, whatever status they last chose.
        status: connected.has(a.id) ? a.status : "offline",
        departmentIds: JSON.parse(a.department_ids) as string[],
        activeChats: load.get(a.id) ?? 0,
      }));
  }

  private queueFor(agent: Pick<AgentRef, "id" | "role" | "departmentIds">): QueuedChat[] {
    return this.sql
      .exec<{ chat_id: string; department_id: string; queued_at: number; visitor_name: string; preview: string }>(
        "SELECT * FROM queue q WHERE NOT EXISTS (SELECT 1 FROM rejections r WHERE r.chat_id = q.chat_id AND r.agent_id = ?) ORDER BY queued_at",
        agent.id,
      )
      .toArray()
      .filter((r) => canServeAnyDepartment(agent.role) || agent.departmentIds.includes(r.department_id))
      .map((r) => ({ chatId: r.chat_id, departmentId: r.department_id, queuedAt: r.queued_at, visitorName: r.visitor_name, preview: r.preview }));
  }

  private assignedTo(agentId: string): AssignedChat[] {
    return this.sql
      .exec<{ chat_id: string; department_id: string; visitor_name: string; since: number }>(
        "SELECT chat_id, department_id, visitor_name, since FROM assignments WHERE agent_id = ? ORDER BY since",
        agentId,
      )
      .toArray()
      .map((r) => ({ chatId: r.chat_id, departmentId: r.department_id, visitorName: r.visitor_name, since: r.since }));
  }

  private send(ws: WebSocket, frame: LobbyServerFrame): void {
    try {
      ws.send(JSON.stringify(frame));
    } catch {
      /* closing */
    }
  }

  private broadcastQueue(): void {
    for (const ws of this.ctx.getWebSockets()) {
      const who = ws.deserializeAttachment() as SocketIdentity & { role: Role };
      this.send(ws, { type: "queue", chats: this.queueFor(who) });
    }
  }

  private broadcastPresence(leaving?: WebSocket): void {
    const agents = this.presence(leaving);
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === leaving) continue;
      this.send(ws, { type: "presence", agents: visibleTo(ws.deserializeAttachment() as SocketIdentity & { role: Role }, agents) });
    }
  }

  private sendQueue(agentId: string): void {
    for (const ws of this.ctx.getWebSockets(agentId)) this.send(ws, { type: "queue", chats: this.queueFor(ws.deserializeAttachment() as SocketIdentity & { role: Role }) });
  }

  private sendAssigned(agentId: string): void {
    const frame: LobbyServerFrame = { type: "assigned", chats: this.assignedTo(agentId) };
    for (const ws of this.ctx.getWebSockets(agentId)) this.send(ws, frame);
  }
}
