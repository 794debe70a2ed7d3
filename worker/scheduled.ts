/** Cron work. Every 15 minutes: drop session records that expired more than a day ago. */
export async function scheduled(_controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  const cutoff = Date.now() - 24 * 60 * 60_000;
  const r = await env.DB.prepare("DELETE FROM sessions WHERE expires_at < ?").bind(cutoff).run();
  console.log("housekeeping: expired sessions removed", r.meta.changes);
}
