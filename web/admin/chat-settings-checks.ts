import type { CustomRule } from "../../core/masking";

/*
 * Checks the Chat security page runs while the administrator types, mirroring the server's
 * (core/chat-settings.ts, core/masking.ts) so most mistakes show before saving. The server
 * stays the judge: whether a pattern is safe to run is only decided there (see tryRule).
 */

/** Limits of core/masking.ts (MASK_LIMITS, PATTERN_LIMITS), copied: its values come with zod. */
export const RULE_LIMITS = { rules: 20, nameChars: 40, patternChars: 200, replacementChars: 40 } as const;
const MAX_DOMAINS = 50;
const HOST = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;
const PGP = /^-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]+-----END PGP PUBLIC KEY BLOCK-----\s*$/;
export const PGP_MAX_CHARS = 20_000;

/** One host name per line → domains, or the first problem. A pasted URL counts as its host. */
export function parseDomains(text: string): { domains: string[] } | { error: string } {
  const domains: string[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    let d = raw.trim().toLowerCase();
    if (!d) continue;
    if (d.includes("://")) {
      try {
        d = new URL(d).hostname;
      } catch {
        return { error: `Line ${i + 1}: "${raw.trim()}" is not a host name such as example.com.` };
      }
    }
    if (d.length > 253 || !HOST.test(d)) return { error: `Line ${i + 1}: "${raw.trim()}" is not a host name such as example.com.` };
    if (!domains.includes(d)) domains.push(d);
  }
  if (domains.length > MAX_DOMAINS) return { error: `At most ${MAX_DOMAINS} domains.` };
  return { domains };
}

export type RuleField = keyof CustomRule;
export type RuleProblem = { field: RuleField; message: string } | null;

/** What is wrong with a new rule, as far as the browser can tell. */
export function ruleProblem(rule: CustomRule, others: CustomRule[]): RuleProblem {
  const name = rule.name.trim();
  if (!name || name.length > RULE_LIMITS.nameChars) return { field: "name", message: `Use 1–${RULE_LIMITS.nameChars} characters.` };
  if (others.some((o) => o.name.trim() === name)) return { field: "name", message: "Another rule has this name." };
  if (!rule.pattern || rule.pattern.length > RULE_LIMITS.patternChars) return { field: "pattern", message: `Use 1–${RULE_LIMITS.patternChars} characters.` };
  try {
    new RegExp(rule.pattern, "u");
  } catch {
    return { field: "pattern", message: "This is not a valid regular expression." };
  }
  const r = rule.replacement;
  if (!r || r.length > RULE_LIMITS.replacementChars) return { field: "replacement", message: `Use 1–${RULE_LIMITS.replacementChars} characters.` };
  if (/\d/.test(r)) return { field: "replacement", message: "No digits: they would read like revealed data." };
  return null;
}

export function pgpProblem(key: string | null, required: boolean): string | null {
  if (key === null) return required ? "Add the public key that transcripts should be encrypted with." : null;
  if (key.length > PGP_MAX_CHARS) return `A public key is at most ${PGP_MAX_CHARS.toLocaleString()} characters.`;
  if (!PGP.test(key)) return "Paste an ASCII-armoured public key: from -----BEGIN PGP PUBLIC KEY BLOCK----- to -----END PGP PUBLIC KEY BLOCK-----.";
  return null;
}

/** A server validation issue (`path` is dotted: "masking.custom.2.pattern"). */
export interface Issue {
  path: string;
  message: string;
}

export function issuesOf(raw: unknown[] | undefined): Issue[] {
  return (raw ?? []).flatMap((i) => {
    const { path, message } = (i ?? {}) as { path?: unknown; message?: unknown };
    return typeof message === "string" ? [{ path: typeof path === "string" ? path : "", message }] : [];
  });
}
