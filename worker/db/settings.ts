/**
 * Tenant settings: one JSON document per section, validated with the section's zod schema on
 * the way in and out (so fields added later get their defaults), and cached per isolate for a
 * few seconds: a change reaches every request, socket and chat in progress within SETTINGS_CACHE_MS.
 */
import type { z } from "zod";
import { ChatSettings, DEFAULT_CHAT_SETTINGS } from "../../core/chat-settings";
import { DEFAULT_POLICY, SecurityPolicy } from "../../core/password-policy";

export interface Section<T> {
  name: string;
  schema: z.ZodType<T>;
  defaults: T;
}

export const SETTINGS_CACHE_MS = 5_000;
const cache = new Map<string, { at: number; value: unknown }>();

export async function readSettings<T>(db: D1Database, tenantId: string, section: Section<T>): Promise<T> {
  const key = `${tenantId}:${section.name}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < SETTINGS_CACHE_MS) return hit.value as T;
  const row = await db.prepare("SELECT json FROM settings WHERE tenant_id = ? AND section = ?").bind(tenantId, section.name).first<{ json: string }>();
  const value = row ? section.schema.parse(withDefaults(section.defaults, JSON.parse(row.json))) : section.defaults;
  cache.set(key, { at: Date.now(), value });
  return value;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Stored values over the defaults, object by object, so a field added inside a nested group gets its default too. */
function withDefaults(defaults: unknown, stored: unknown): unknown {
  if (!isRecord(defaults) || !isRecord(stored)) return stored;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(stored)) out[k] = withDefaults(defaults[k], v);
  return out;
}

export function writeSettingsStatement<T>(db: D1Database, tenantId: string, section: Section<T>, value: T, actorId: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO settings (tenant_id, section, json, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, section) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .bind(tenantId, section.name, JSON.stringify(value), Date.now(), actorId);
}

/** Drops this isolate's cached copy after a change (other isolates follow within SETTINGS_CACHE_MS). */
export function forgetSettings(tenantId: string, section: Section<unknown>): void {
  cache.delete(`${tenantId}:${section.name}`);
}

export const SECURITY: Section<SecurityPolicy> = { name: "security", schema: SecurityPolicy, defaults: DEFAULT_POLICY };

export const securityPolicy = (db: D1Database, tenantId: string) => readSettings(db, tenantId, SECURITY);

export const CHAT: Section<ChatSettings> = { name: "chat", schema: ChatSettings, defaults: DEFAULT_CHAT_SETTINGS };

export const chatSettings = (db: D1Database, tenantId: string) => readSettings(db, tenantId, CHAT);
