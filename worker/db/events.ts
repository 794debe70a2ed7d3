/** Security events: who did what to whom, when. Details never hold passwords, tokens or codes. */
import { newId } from "../../core/encoding";

export interface SecurityEvent {
  tenantId: string;
  actorId: string | null;
  action: string;
  targetId?: string | null;
  detail?: Record<string, unknown>;
}

export function eventStatement(db: D1Database, e: SecurityEvent): D1PreparedStatement {
  return db
    .prepare("INSERT INTO security_events (id, tenant_id, actor_id, action, target_id, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(newId("e_"), e.tenantId, e.actorId, e.action, e.targetId ?? null, e.detail ? JSON.stringify(e.detail) : null, Date.now());
}

export async function logEvent(db: D1Database, e: SecurityEvent): Promise<void> {
  await eventStatement(db, e).run();
}
