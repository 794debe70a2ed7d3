/**
 * Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 6 digits, 30-second step), the variant
 * every authenticator app supports, plus the base32 secrets (RFC 4648) they are enrolled with
 * and one-time recovery codes for when the phone is lost.
 */
import { timingSafeEqual } from "./encoding";

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const DIGITS = 6;
const STEP = 30;
const enc = new TextEncoder();

/** RFC 4648 base32 without padding: the form authenticator apps expect in an otpauth URI. */
export function toBase32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1; // keep only the unread bits so `value` never overflows
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 as people type it: any case, with spaces, dashes or `=` padding. Throws on other characters. */
export function fromBase32(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/[\s=-]/g, "").toUpperCase();
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const ch of clean) {
    const v = B32.indexOf(ch);
    if (v < 0) throw new Error("invalid base32 character");
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out[i++] = (value >>> (bits - 8)) & 255;
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** A new shared secret: 20 random bytes (160 bits, the HMAC-SHA-1 block-size recommendation of RFC 4226), base32. */
export function newTotpSecret(): string {
  return toBase32(crypto.getRandomValues(new Uint8Array(20)));
}

async function hotp(key: CryptoKey, counter: number): Promise<string> {
  // 8-byte big-endian counter; split by hand because bitwise operators stop at 32 bits.
  const msg = new Uint8Array(8);
  const view = new DataView(msg.buffer);
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter >>> 0);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, msg));
  // Dynamic truncation (RFC 4226 section 5.3).
  const off = mac[mac.length - 1]! & 15;
  const bin = ((mac[off]! & 0x7f) << 24) | (mac[off + 1]! << 16) | (mac[off + 2]! << 8) | mac[off + 3]!;
  return String(bin % 10 ** DIGITS).padStart(DIGITS, "0");
}

function importSecret(secretBase32: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", fromBase32(secretBase32), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
}

/** The code shown by an authenticator at time `atMs` (milliseconds since the epoch). */
export async function totpCode(secretBase32: string, atMs: number, step = STEP): Promise<string> {
  return hotp(await importSecret(secretBase32), Math.floor(atMs / 1000 / step));
}

export type TotpResult = { ok: true; step: number } | { ok: false };

/**
 * Checks a code typed by the user. `window` steps either side are accepted (default 1) to allow
 * for clock drift and typing time. Any step at or before `lastUsedStep` is refused, so a code
 * seen over a shoulder or replayed cannot be used twice: the caller stores the returned step.
 */
export async function verifyTotp(
  secretBase32: string,
  code: string,
  atMs: number,
  opts: { window?: number; lastUsedStep?: number | null } = {},
): Promise<TotpResult> {
  // Apps show "123 456"; tolerate the space, nothing else.
  const typed = code.replace(/\s/g, "");
  if (!/^[0-9]{6}$/.test(typed)) return { ok: false };
  const window = Math.max(0, Math.min(10, Math.floor(opts.window ?? 1)));
  const last = opts.lastUsedStep ?? -1;
  const key = await importSecret(secretBase32);
  const now = Math.floor(atMs / 1000 / STEP);
  const want = enc.encode(typed);
  let found: number | null = null;
  // Every candidate is computed and compared, whatever matched earlier, so the time taken
  // says nothing about which step (if any) the code belonged to.
  for (let s = now - window; s <= now + window; s++) {
    if (s < 0) continue;
    const match = timingSafeEqual(enc.encode(await hotp(key, s)), want);
    if (match && s > last && found === null) found = s;
  }
  return found === null ? { ok: false } : { ok: true, step: found };
}

/**
 * The enrolment URI an authenticator app scans as a QR code (Google's Key URI format). Issuer
 * and account are percent-encoded (spaces as %20, which apps decode reliably, never `+`).
 */
export function otpauthUri({ issuer, account, secret }: { issuer: string; account: string; secret: string }): string {
  const e = encodeURIComponent;
  const s = secret.replace(/[\s=-]/g, "").toUpperCase();
  return `otpauth://totp/${e(issuer)}:${e(account)}?secret=${s}&issuer=${e(issuer)}&algorithm=SHA1&digits=${DIGITS}&period=${STEP}`;
}

// Crockford's base32 alphabet: no i, l, o or u, so nothing reads as another symbol once
// `normalizeRecoveryCode` maps o→0 and i/l→1. 32 symbols make each character exactly 5 bits.
const RECOVERY = "0123456789abcdefghjkmnpqrstvwxyz";

/** One-time recovery codes like `7k2m-q9xd-4h`: 10 characters, 50 bits of entropy each. */
export function newRecoveryCodes(n = 10): string[] {
  const codes = new Set<string>();
  while (codes.size < n) {
    const raw = crypto.getRandomValues(new Uint8Array(10));
    let c = "";
    for (const b of raw) c += RECOVERY[b & 31]; // 256 is a multiple of 32: no modulo bias
    codes.add(`${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}`);
  }
  return [...codes];
}

/** The canonical form of a typed recovery code, for comparing and hashing. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, "").replace(/o/g, "0").replace(/[il]/g, "1");
}
