/**
 * The per-tenant sign-in policy (passwords, lockout, sessions, MFA) and the password checks it
 * drives. Defaults follow NIST SP 800-63B and OWASP ASVS: long passwords, no composition rules,
 * no forced expiry, a blocklist of common passwords. `pciProfile` tightens a policy to the PCI DSS
 * 4.0 minimums for tenants that need them. Password history needs stored hashes, so the caller
 * checks it; everything else is here.
 */
import { z } from "zod";
import { COMMON_PASSWORDS } from "./common-passwords";
import { Role } from "./protocol";

const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const SecurityPolicy = z.object({
  password: z
    .object({
      minLength: int(8, 128),
      maxLength: int(64, 1024),
      requireLower: z.boolean(),
      requireUpper: z.boolean(),
      requireDigit: z.boolean(),
      requireSymbol: z.boolean(),
      /** Refuse the last N passwords (checked by the caller against stored hashes). */
      history: int(0, 24),
      /** Force a change after this many days; 0 = never. */
      expiryDays: int(0, 365),
      /** Refuse commonly used passwords. */
      blocklist: z.boolean(),
    })
    .refine((p) => p.maxLength >= p.minLength, { message: "maxLength must be at least minLength", path: ["maxLength"] }),
  lockout: z.object({
    /** Failed sign-ins in a row before the account locks. */
    maxAttempts: int(3, 100),
    /** How long it stays locked; 0 = until an administrator unlocks it. */
    lockMinutes: int(0, 1440),
  }),
  sessions: z.object({
    idleMinutes: int(5, 1440),
    absoluteHours: int(1, 720),
  }),
  mfa: z.object({
    required: z.enum(["off", "all", "roles"]),
    /** With `required: "roles"`, the roles that must use a second factor. */
    roles: z.array(Role).max(Role.options.length),
  }),
});
export type SecurityPolicy = z.infer<typeof SecurityPolicy>;

export const DEFAULT_POLICY: SecurityPolicy = {
  password: {
    // NIST SP 800-63B 3.1.1.2 asks for at least 8 and at least 64 allowed; ASVS 4.0 2.1.1 asks for 12.
    minLength: 12,
    maxLength: 128,
    // Composition rules and periodic expiry push people to predictable patterns (NIST 3.1.1.2).
    requireLower: false,
    requireUpper: false,
    requireDigit: false,
    requireSymbol: false,
    history: 0,
    expiryDays: 0,
    blocklist: true,
  },
  lockout: { maxAttempts: 10, lockMinutes: 30 },
  sessions: { idleMinutes: 30, absoluteHours: 12 },
  mfa: { required: "off", roles: [] },
};

/**
 * `current` raised to the PCI DSS 4.0 minimums. Values already stricter are kept, so applying
 * the profile never weakens a policy (except expiry under MFA for everyone, see below).
 */
export function pciProfile(current: SecurityPolicy): SecurityPolicy {
  const p = current.password;
  const mfaForAll = current.mfa.required === "all";
  return {
    password: {
      ...p,
      // 8.3.6: at least 12 characters, containing both numeric and alphabetic characters.
      minLength: Math.max(p.minLength, 12),
      requireLower: true,
      requireDigit: true,
      // 8.3.7: a new password may not equal any of the last four.
      history: Math.max(p.history, 4),
      // 8.3.9 / 8.3.10.1: when a password is the only factor, change it at least every 90 days.
      // With MFA for everyone the rule does not apply, and NIST advises against forced expiry.
      expiryDays: mfaForAll ? 0 : p.expiryDays > 0 ? Math.min(p.expiryDays, 90) : 90,
      // Not a PCI rule, but the profile must never switch it off.
      blocklist: true,
    },
    lockout: {
      // 8.3.4: lock after at most 10 failed attempts, for at least 30 minutes or until an
      // administrator confirms the user's identity (0, which is stricter, stays 0).
      maxAttempts: Math.min(current.lockout.maxAttempts, 10),
      lockMinutes: current.lockout.lockMinutes === 0 ? 0 : Math.max(current.lockout.lockMinutes, 30),
    },
    sessions: {
      // 8.2.8: re-authenticate after at most 15 minutes idle.
      idleMinutes: Math.min(current.sessions.idleMinutes, 15),
      absoluteHours: current.sessions.absoluteHours,
    },
    mfa: { ...current.mfa, roles: [...current.mfa.roles] },
  };
}

// ---------------------------------------------------------------- checking a password

let common: Set<string> | undefined;
/** Built on first use: splitting ~50,000 entries costs a few milliseconds no request should pay until it must. */
function commonPasswords(): Set<string> {
  return (common ??= new Set(COMMON_PASSWORDS.split("\n")));
}

/** True when `candidate` (any case) is on the common-passwords list. */
export function isCommonPassword(candidate: string): boolean {
  return commonPasswords().has(candidate.normalize("NFKC").toLowerCase());
}

// Runs people type instead of a password: alphabet, digits, keyboard rows (QWERTY, QWERTZ,
// AZERTY) and keyboard columns. Checked forwards, backwards and wrapping around.
const SEQUENCES = [
  "abcdefghijklmnopqrstuvwxyz",
  "0123456789",
  "qwertyuiopasdfghjklzxcvbnm",
  "qwertzuiopasdfghjklyxcvbnm",
  "azertyuiopqsdfghjklmwxcvbn",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
  "!@#$%^&*()_+",
].flatMap((s) => [s, [...s].reverse().join("")]);

function isSequence(s: string): boolean {
  return SEQUENCES.some((seq) => seq.repeat(Math.ceil(s.length / seq.length) + 1).includes(s));
}

/** The shortest string that repeated makes `s` ("abab" → "ab"); `s` itself when there is none. */
function period(s: string): string {
  const cps = [...s];
  for (let k = 1; k <= cps.length / 2; k++) {
    if (cps.length % k !== 0) continue;
    const unit = cps.slice(0, k).join("");
    if (unit.repeat(cps.length / k) === s) return unit;
  }
  return s;
}

/** One short unit repeated ("aaaa", "abab", "1212…") or a run from `SEQUENCES`. */
function isTrivial(s: string): boolean {
  const unit = period(s);
  return (unit !== s && [...unit].length <= 4) || isSequence(s);
}

const TRIM_END = /[\p{N}\p{P}\p{S}\s]+$/u;
const TRIM_START = /^[\p{N}\p{P}\p{S}\s]+/u;

/**
 * The forms of a lower-cased password to test against the list and the triviality rules:
 * itself, with digits and symbols stripped from either end ("Password123!" → "password"),
 * and the unit of a repetition ("passwordpassword" → "password").
 */
function variants(lower: string): string[] {
  const out = new Set([lower, lower.replace(TRIM_END, ""), lower.replace(TRIM_START, ""), lower.replace(TRIM_END, "").replace(TRIM_START, "")]);
  for (const v of [...out]) out.add(period(v));
  return [...out].filter((v) => [...v].length >= 4 || v === lower);
}

const compact = (s: string) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
const long = (s: string) => [...s].length >= 4;

export interface PasswordContext {
  email?: string;
  name?: string;
  tenantName?: string;
}

export type PasswordCheck = { ok: true } | { ok: false; problems: string[] };

/**
 * Checks a new password against `policy`. Problems are phrases to show after "Password:", e.g.
 * "at least 12 characters". Length counts Unicode code points after NFKC normalisation, the
 * same form password.ts hashes.
 */
export function checkPassword(password: string, policy: SecurityPolicy, context: PasswordContext = {}): PasswordCheck {
  const rules = policy.password;
  const pw = password.normalize("NFKC");
  const length = [...pw].length;
  const problems: string[] = [];
  if (length < rules.minLength) problems.push(`at least ${rules.minLength} characters`);
  // Stop here for an over-long input: the remaining checks would only spend time on it.
  if (length > rules.maxLength) return { ok: false, problems: [`at most ${rules.maxLength} characters`] };

  if (rules.requireLower && !/\p{Ll}/u.test(pw)) problems.push("must contain a lower-case letter");
  if (rules.requireUpper && !/\p{Lu}/u.test(pw)) problems.push("must contain an upper-case letter");
  if (rules.requireDigit && !/\p{Nd}/u.test(pw)) problems.push("must contain a digit");
  // Anything neither letter nor digit counts as a symbol, spaces included (as in OWASP's list).
  if (rules.requireSymbol && !/[^\p{L}\p{N}]/u.test(pw)) problems.push("must contain a symbol");

  const lower = pw.toLowerCase();
  const forms = variants(lower);
  if (forms.some(isTrivial)) {
    problems.push("must not be a repeated character or a simple sequence");
  }
  if (rules.blocklist && forms.some((v) => long(v) && commonPasswords().has(v))) {
    problems.push("is on the list of commonly used passwords");
  }

  const flat = lower.replace(/\s+/g, "");
  const local = compact(context.email?.split("@")[0] ?? "");
  if (long(local) && flat.includes(local)) problems.push("must not contain your e-mail name");
  const name = context.name?.normalize("NFKC").toLowerCase() ?? "";
  const nameParts = [compact(name), ...name.split(/[\s.,'’-]+/)].filter(long);
  if (nameParts.some((part) => flat.includes(part))) problems.push("must not contain your name");
  const tenant = compact(context.tenantName ?? "");
  if (long(tenant) && flat.includes(tenant)) problems.push("must not contain the organisation's name");

  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
