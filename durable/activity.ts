/**
 * Agents work mostly over sockets, which do not pass through the Worker's session check. What
 * they send there counts as activity for their session's idle timeout: the actor notes it in
 * D1, at most once a minute per session.
 */
import { touchSession } from "../worker/db/directory";

const WRITE_EVERY_MS = 60_000;

export class SessionActivity {
  private lastWrite = new Map<string, number>();

  constructor(private readonly db: D1Database) {}

  note(tenantId: string, sid: string | undefined, now = Date.now()): Promise<void> | undefined {
    if (!sid || now - (this.lastWrite.get(sid) ?? 0) < WRITE_EVERY_MS) return undefined;
    this.lastWrite.set(sid, now);
    return touchSession(this.db, tenantId, sid, now);
  }
}
