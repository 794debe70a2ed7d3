/**
 * Tenant data keys, unwrapped on first use and cached for the life of the isolate (keys are
 * non-extractable CryptoKeys, so the cache holds no raw key material).
 */
import { importMasterKey, newWrappedDataKey, open, seal, unwrapDataKey } from "../../core/crypto";

type KeyEnv = Pick<Env, "DB" | "MASTER_KEY">;
const masters = new Map<string, Promise<CryptoKey>>();
const tenants = new Map<string, Promise<CryptoKey>>();

function master(env: KeyEnv): Promise<CryptoKey> {
  let k = masters.get(env.MASTER_KEY);
  if (!k) masters.set(env.MASTER_KEY, (k = importMasterKey(env.MASTER_KEY)));
  return k;
}

export async function wrappedKeyForNewTenant(env: KeyEnv): Promise<string> {
  return newWrappedDataKey(await master(env));
}

export function tenantKey(env: KeyEnv, tenantId: string): Promise<CryptoKey> {
  let k = tenants.get(tenantId);
  if (!k) {
    k = (async () => {
      const row = await env.DB.prepare("SELECT data_key_wrapped FROM tenants WHERE id = ?").bind(tenantId).first<{ data_key_wrapped: string }>();
      if (!row) throw new Error("tenant has no data key");
      return unwrapDataKey(await master(env), row.data_key_wrapped);
    })();
    k.catch(() => tenants.delete(tenantId));
    tenants.set(tenantId, k);
  }
  return k;
}

/** Encrypts one field of one row; `aad` is `table:column:rowId`, checked again on decryption. */
export async function sealField(env: KeyEnv, tenantId: string, aad: string, value: string | null | undefined): Promise<Uint8Array | null> {
  if (value === null || value === undefined) return null;
  return seal(await tenantKey(env, tenantId), value, `${tenantId}:${aad}`);
}

/** D1 hands BLOB columns back as ArrayBuffer or as an array of numbers, depending on the path. */
export type StoredBlob = ArrayBuffer | Uint8Array | number[] | null;

export async function openField(env: KeyEnv, tenantId: string, aad: string, blob: StoredBlob): Promise<string | null> {
  if (blob === null || blob === undefined) return null;
  const bytes = Array.isArray(blob) ? Uint8Array.from(blob) : new Uint8Array(blob);
  return open(await tenantKey(env, tenantId), bytes, `${tenantId}:${aad}`);
}
