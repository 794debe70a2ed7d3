/**
 * Password hashing: PBKDF2-HMAC-SHA-256 with a 16-byte random salt and 100,000 iterations, the
 * most the Workers runtime allows for PBKDF2. The stored string names its algorithm and cost,
 * so hashes made with older parameters are recognised and can be upgraded at the next login.
 * Format: `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>`.
 */
import { fromBase64Url, timingSafeEqual, toBase64Url } from "./encoding";

export const PBKDF2_ITERATIONS = 100_000;
const enc = new TextEncoder();

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", enc.encode(password.normalize("NFKC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

export interface VerifyResult {
  ok: boolean;
  /** True when the hash was made with weaker parameters than today's and should be replaced. */
  needsRehash: boolean;
}

export async function verifyPassword(password: string, stored: string): Promise<VerifyResult> {
  const [alg, iter, salt, hash] = stored.split("$");
  const iterations = Number(iter);
  if (alg !== "pbkdf2-sha256" || !salt || !hash || !Number.isInteger(iterations) || iterations < 1) {
    return { ok: false, needsRehash: false };
  }
  const actual = await derive(password, fromBase64Url(salt), iterations);
  const ok = timingSafeEqual(actual, fromBase64Url(hash));
  return { ok, needsRehash: ok && iterations < PBKDF2_ITERATIONS };
}

/**
 * A hash of nothing in particular, verified when the account does not exist so that a login
 * for an unknown e-mail costs the same time as one with a wrong password.
 */
export const DUMMY_HASH = "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
