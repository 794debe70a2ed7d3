import type { SecurityPolicy } from "../../core/password-policy";
import { ROLE_LABELS } from "../shared/user";

/**
 * Each policy field in words, with how to show its value: the PCI profile and the security
 * event log both say what changed ("Idle timeout: 30 → 15 minutes").
 */
const FIELDS: { label: string; get: (p: SecurityPolicy) => unknown; show: (v: never) => string }[] = [
  { label: "Minimum length", get: (p) => p.password.minLength, show: (v: number) => `${v} characters` },
  { label: "Maximum length", get: (p) => p.password.maxLength, show: (v: number) => `${v} characters` },
  { label: "Require a lower-case letter", get: (p) => p.password.requireLower, show: onOff },
  { label: "Require an upper-case letter", get: (p) => p.password.requireUpper, show: onOff },
  { label: "Require a digit", get: (p) => p.password.requireDigit, show: onOff },
  { label: "Require a symbol", get: (p) => p.password.requireSymbol, show: onOff },
  { label: "Refuse recent passwords", get: (p) => p.password.history, show: (v: number) => (v === 0 ? "off" : `last ${v}`) },
  { label: "Password expiry", get: (p) => p.password.expiryDays, show: (v: number) => (v === 0 ? "never" : `after ${v} days`) },
  { label: "Refuse common passwords", get: (p) => p.password.blocklist, show: onOff },
  { label: "Lock after failed sign-ins", get: (p) => p.lockout.maxAttempts, show: (v: number) => `${v} attempts` },
  { label: "Lock for", get: (p) => p.lockout.lockMinutes, show: (v: number) => (v === 0 ? "until an administrator unlocks" : `${v} minutes`) },
  { label: "Idle timeout", get: (p) => p.sessions.idleMinutes, show: (v: number) => `${v} minutes` },
  { label: "Longest session", get: (p) => p.sessions.absoluteHours, show: (v: number) => `${v} hours` },
  { label: "Two-step sign-in", get: (p) => mfaText(p.mfa), show: (v: string) => v },
];

function onOff(v: boolean): string {
  return v ? "on" : "off";
}

function mfaText(m: SecurityPolicy["mfa"]): string {
  if (m.required === "off") return "optional";
  if (m.required === "all") return "required for everyone";
  return m.roles.length ? `required for ${m.roles.map((r) => ROLE_LABELS[r]).join(", ")}` : "required for no role";
}

/** "Label: before → after" for every field that differs. */
export function describeChanges(before: SecurityPolicy, after: SecurityPolicy): string[] {
  const out: string[] = [];
  for (const f of FIELDS) {
    const a = f.get(before);
    const b = f.get(after);
    if (a !== b) out.push(`${f.label}: ${f.show(a as never)} → ${f.show(b as never)}`);
  }
  return out;
}

/** Whether a value from the server looks like a whole policy (event details are free-form JSON). */
export function isPolicy(v: unknown): v is SecurityPolicy {
  const p = v as Partial<SecurityPolicy> | null;
  return !!p && typeof p === "object" && !!p.password && !!p.lockout && !!p.sessions && !!p.mfa;
}
