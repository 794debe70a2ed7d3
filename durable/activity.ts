/**
 * Agents work mostly over sockets, which do not pass through the Worker's session check. What
 * they send there counts as activity for their session's idle timeout: the actor notes it in
 * D1, at most once a minute per session and isolate (the marks are shared by every actor in the
 * isolate, so an agent's many chats do not each write), and never on the frame's critical path:
 * the message is stored and delivered without waiting for the write.
 */
import { touchSession } from "../worker/db/directory";

const WRITE_EVERY_MS = 60_000;
const lastWrite = new Map<string, number>();

export class SessionActivity {
  constructor(
    private readonly db: D1Database,
    private readonly ctx: DurableObjectState,
  ) {}

  note(tenantId: string, sid: string | undefined, now = Date.now()): void {
    if (!sid || now - (lastWrite.get(sid) ?? 0) < WRITE_EVERY_MS) return;
    lastWrite.set(sid, now);
    if (lastWrite.size > 10_000) for (const [k, at] of lastWrite) if (now - at >= WRITE_EVERY_MS) lastWrite.delete(k);
    this.ctx.waitUntil(
      touchSession(this.db, tenantId, sid, now).catch((err: unknown) => {
        // Try again on the next frame; the session only looks idle for a little longer.
        lastWrite.delete(sid);
        console.error("session activity write failed", err instanceof Error ? err.message : String(err));
      }),
    );
  }
}
