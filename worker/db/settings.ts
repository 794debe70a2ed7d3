/** Per-tenant security policy, cached briefly per isolate so every request does not read D1. */
import { DEFAULT_POLICY, SecurityPolicy } from "../../core/password-policy";

const cache = new Map<string, { at: number; policy: SecurityPolicy }>();
/** A policy change reaches every isolate within this time. */
export const POLICY_CACHE_MS = 5_000;

export async function securityPolicy(db: D1Database, tenantId: string): Promise<SecurityPolicy> {
  const hit = cache.get(tenantId);
  if (hit && Date.now() - hit.at < POLICY_CACHE_MS) return hit.policy;
  const row = await db.prepare("SELECT security FROM tenant_settings WHERE tenant_id = ?").bind(tenantId).first<{ security: string }>();
  // Stored policies are parsed again so that fields added later get their defaults.
  const policy = row ? SecurityPolicy.parse({ ...DEFAULT_POLICY, ...JSON.parse(row.security) }) : DEFAULT_POLICY;
  cache.set(tenantId, { at: Date.now(), policy });
  return policy;
}

export function saveSecurityPolicyStatement(db: D1Database, tenantId: string, policy: SecurityPolicy, actorId: string): D1PreparedStatement {
  return db.prepare(
      `INSERT INTO tenant_settings (tenant_id, security, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET security = excluded.security, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .bind(tenantId, JSON.stringify(policy), Date.now(), actorId);
}

/** Drops this isolate's cached copy after a change (other isolates follow within POLICY_CACHE_MS). */
export function forgetSecurityPolicy(tenantId: string): void {
  cache.delete(tenantId);
}
