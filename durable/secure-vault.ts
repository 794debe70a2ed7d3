/**
 * SecureVault: one-time secrets held in memory only. A value is written once, read once (then
 * destroyed), and destroyed anyway when its time-to-live runs out. Nothing touches storage
 * except the alarm time, so no copy survives on disk or in backups; if the actor is evicted the
 * value is gone, which is the intended failure mode for one-time data such as secure forms.
 */
import { DurableObject } from "cloudflare:workers";
import { newId } from "../core/encoding";

const MAX_TTL_MS = 60 * 60_000;
const MAX_BYTES = 16 * 1024;

export class SecureVault extends DurableObject<Env> {
  private entries = new Map<string, { value: string; expiresAt: number }>();

  /** Stores `value` for at most `ttlMs`; returns the id needed to read it once. */
  async put(value: string, ttlMs: number): Promise<{ id: string; expiresAt: number }> {
    if (value.length > MAX_BYTES) throw new RangeError(`vault values are limited to ${MAX_BYTES} characters`);
    const expiresAt = Date.now() + Math.min(Math.max(ttlMs, 1000), MAX_TTL_MS);
    const id = newId("v_");
    this.entries.set(id, { value, expiresAt });
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > expiresAt) await this.ctx.storage.setAlarm(expiresAt);
    return { id, expiresAt };
  }

  /** Returns the value once and destroys it; null when already read, expired or unknown. */
  async take(id: string): Promise<string | null> {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    if (!entry || entry.expiresAt <= Date.now()) return null;
    return entry.value;
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    let next: number | null = null;
    for (const [id, e] of this.entries) {
      if (e.expiresAt <= now) this.entries.delete(id);
      else next = next === null ? e.expiresAt : Math.min(next, e.expiresAt);
    }
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }
}
