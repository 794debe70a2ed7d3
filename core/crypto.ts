/**
 * Application-level encryption at rest. Each tenant has a 256-bit AES-GCM data key, stored
 * only wrapped (AES-KW) by the master key held as a Worker secret. Ciphertexts are bound to
 * the row they belong to by additional authenticated data, so a blob copied to another row or
 * tenant fails to decrypt. Blob layout: version byte (1) ‖ 12-byte IV ‖ ciphertext+tag.
 */
import { fromBase64Url, toBase64Url } from "./encoding";

const VERSION = 1;
const enc = new TextEncoder();
const dec = new TextDecoder();

export async function importMasterKey(secret: string): Promise<CryptoKey> {
  const raw = fromBase64Url(secret);
  if (raw.length !== 32) throw new Error("MASTER_KEY must be 32 bytes, base64url");
  return crypto.subtle.importKey("raw", raw, "AES-KW", false, ["wrapKey", "unwrapKey"]);
}

/** Makes a new tenant data key and returns it wrapped by the master key. */
export async function newWrappedDataKey(master: CryptoKey): Promise<string> {
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
  return toBase64Url(new Uint8Array(await crypto.subtle.wrapKey("raw", key, master, "AES-KW")));
}

export async function unwrapDataKey(master: CryptoKey, wrapped: string): Promise<CryptoKey> {
  return crypto.subtle.unwrapKey("raw", fromBase64Url(wrapped), master, "AES-KW", "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** Encrypts bytes; the blob layout is the one described above. */
export async function sealBytes(key: CryptoKey, plaintext: Uint8Array<ArrayBuffer>, aad: string): Promise<Uint8Array<ArrayBuffer>> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: enc.encode(aad) }, key, plaintext));
  const out = new Uint8Array(1 + iv.length + ct.length);
  out[0] = VERSION;
  out.set(iv, 1);
  out.set(ct, 1 + iv.length);
  return out;
}

export async function openBytes(key: CryptoKey, blob: ArrayBuffer | Uint8Array<ArrayBuffer>, aad: string): Promise<ArrayBuffer> {
  const bytes = blob instanceof Uint8Array ? blob : new Uint8Array(blob);
  if (bytes[0] !== VERSION) throw new Error(`unknown ciphertext version ${bytes[0]}`);
  return crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.subarray(1, 13), additionalData: enc.encode(aad) }, key, bytes.subarray(13));
}

export const seal = (key: CryptoKey, plaintext: string, aad: string) => sealBytes(key, enc.encode(plaintext), aad);

export const open = async (key: CryptoKey, blob: ArrayBuffer | Uint8Array<ArrayBuffer>, aad: string): Promise<string> =>
  dec.decode(await openBytes(key, blob, aad));
