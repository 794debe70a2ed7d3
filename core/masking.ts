/**
 * PII masking for chat text: payment cards, US Social Security numbers, birth dates and
 * tenant-defined patterns are replaced by placeholders before text is stored or shown.
 *
 * - Built-in detectors live in masking-detect.ts (one linear scan). Nine bare digits count as an
 *   SSN only right after a cue word ("SSN", "SS#", "social"): unformatted they are more often
 *   order, routing or ZIP+4 numbers. The dashed and spaced forms need no cue.
 * - Custom patterns: the defence against patterns that stall an actor is a matcher that is linear
 *   in the text for every pattern (masking-match.ts; masking-pattern.ts explains why RegExp
 *   cannot be made safe),
 *   plus a restricted syntax and size limits, so no input cutting is needed.
 * - Overlapping built-in matches: the earliest, then the longest, wins. Custom rules then run in
 *   order, each only over text nothing has masked yet; overlapping matches of one rule merge
 *   into one masked span.
 * - Idempotent: placeholders contain nothing a built-in detector matches, and placeholders (and
 *   custom replacements) already in the text are left alone by custom rules. One known limit:
 *   a custom match that touches a number can change what a built-in detector sees next to it,
 *   so a second pass may mask that number too (it never unmasks anything).
 * - A card placeholder keeps the last four digits and nothing else.
 */
import { z } from "zod";
import { type BuiltinKind, detect } from "./masking-detect";
import { findSpans } from "./masking-match";
import { type Program, PATTERN_LIMITS, compilePattern } from "./masking-pattern";

export { PATTERN_LIMITS };

export const MASK_LIMITS = {
  /** Custom rules per tenant. Each costs one pass over the text. */
  rules: 20,
  nameChars: 40,
  replacementChars: 40,
} as const;

export type MaskKind = BuiltinKind | "custom";

export interface MaskFound {
  kind: MaskKind;
  /** The custom rule's name. */
  name?: string;
  /** UTF-16 offsets into the original text. */
  start: number;
  end: number;
}

export interface MaskResult {
  text: string;
  found: MaskFound[];
}

export interface CustomRule {
  name: string;
  /** JavaScript regular-expression syntax, restricted (see compileCustomRule). Case-sensitive. */
  pattern: string;
  /** Literal text: "$1" means dollar-one. */
  replacement: string;
}

export interface MaskRules {
  cards: boolean;
  ssn: boolean;
  birthDates: boolean;
  custom: CustomRule[];
  /** Epoch ms that birth dates must precede; defaults to Date.now(). */
  now?: number;
}

export interface CompiledRule {
  name: string;
  /** The pattern it was compiled from. */
  source: string;
  replacement: string;
  program: Program;
}

export type CompileResult = { ok: true; rule: CompiledRule } | { ok: false; field: "name" | "pattern" | "replacement"; error: string };

export const PLACEHOLDERS = { ssn: "[SSN]", dob: "[date of birth]" } as const;
const CARD_OPEN = "[card ····";
export const cardPlaceholder = (last4: string) => `${CARD_OPEN}${last4}]`;

/**
 * Checks a tenant's rule and compiles it. The pattern may use literals, escapes, classes
 * ([a-z], \d, \w, \s and negations), ".", groups, "|", "^", "$", \b and the quantifiers
 * *, +, ?, {n}, {n,}, {n,m}. Refused: backreferences, lookaround, named groups, \p{…},
 * a group repeated with * + or {…} that contains a quantifier ((a+)+) or "|" ((a|aa)+), counts
 * above 100, more than 200 characters, patterns that match empty text, and patterns that
 * compile to more than 500 steps. Matching takes time linear in the text in every case, at
 * most (steps × characters) state updates.
 */
export function compileCustomRule(rule: CustomRule): CompileResult {
  const name = rule.name.trim();
  if (name.length === 0 || name.length > MASK_LIMITS.nameChars) {
    return { ok: false, field: "name", error: `the name must be 1-${MASK_LIMITS.nameChars} characters` };
  }
  const compiled = compilePattern(rule.pattern);
  if (!compiled.ok) return { ok: false, field: "pattern", error: compiled.error };
  try {
    // Our parser is stricter than JavaScript's; this catches anything it let through that
    // JavaScript would read differently. Constructing a RegExp never runs it.
    new RegExp(rule.pattern, "u");
  } catch {
    return { ok: false, field: "pattern", error: "the pattern is not a valid JavaScript regular expression" };
  }
  const r = rule.replacement;
  if (r.length === 0 || r.length > MASK_LIMITS.replacementChars) {
    return { ok: false, field: "replacement", error: `the replacement must be 1-${MASK_LIMITS.replacementChars} characters` };
  }
  // Digits in a placeholder could join neighbouring digits into a number a detector masks on a
  // second pass, and would read like revealed data.
  if (/\d/.test(r)) return { ok: false, field: "replacement", error: "the replacement must not contain digits" };
  const inside: number[] = [];
  findSpans(compiled.program, r, 0, r.length, inside);
  if (inside.length > 0) {
    return { ok: false, field: "replacement", error: "the replacement must not itself match the pattern, or masking would not be repeatable" };
  }
  return { ok: true, rule: { name, source: rule.pattern, replacement: r, program: compiled.program } };
}

export const CustomRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(MASK_LIMITS.nameChars),
    pattern: z.string().min(1).max(PATTERN_LIMITS.chars),
    replacement: z.string().min(1).max(MASK_LIMITS.replacementChars),
  })
  .superRefine((rule, ctx) => {
    const r = compileCustomRule(rule);
    if (!r.ok) ctx.addIssue({ code: "custom", message: r.error, path: [r.field] });
  });

/** The masking settings a tenant stores (`now` is supplied per call, never stored). */
export const MaskRulesSchema = z
  .object({
    cards: z.boolean(),
    ssn: z.boolean(),
    birthDates: z.boolean(),
    custom: z.array(CustomRuleSchema).max(MASK_LIMITS.rules),
  })
  .refine((r) => new Set(r.custom.map((c) => c.name.trim())).size === r.custom.length, {
    message: "custom rule names must be unique",
    path: ["custom"],
  });

// Settings are read far more often than written: keep compiled rules, by rule object (cheap to
// look up, the common case) and by content (settings re-read from storage are new objects).
const byObject = new WeakMap<CustomRule, CompiledRule>();
const cache = new Map<string, CompiledRule>();

function compiled(rule: CustomRule): CompiledRule {
  const known = byObject.get(rule);
  if (known && known.source === rule.pattern && known.replacement === rule.replacement && known.name === rule.name.trim()) return known;
  const key = `${rule.name}\u0000${rule.pattern}\u0000${rule.replacement}`;
  let c = cache.get(key);
  if (!c) {
    const r = compileCustomRule(rule);
    // Rules are validated when saved (CustomRuleSchema); reaching this means they were not.
    if (!r.ok) throw new Error(`custom masking rule "${rule.name}": ${r.field}: ${r.error}`);
    if (cache.size >= 256) cache.clear();
    cache.set(key, (c = r.rule));
  }
  byObject.set(rule, c);
  return c;
}

interface Span extends MaskFound {
  replacement: string;
}

/** Placeholders already in the text, as sorted [start, end] pairs: masked text stays masked. */
function placeholders(text: string, rules: CompiledRule[]): number[] {
  const out: number[] = [];
  const literal = (s: string) => {
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + s.length)) out.push(i, i + s.length);
  };
  literal(PLACEHOLDERS.ssn);
  literal(PLACEHOLDERS.dob);
  for (const r of rules) literal(r.replacement);
  for (let i = text.indexOf(CARD_OPEN); i >= 0; i = text.indexOf(CARD_OPEN, i + 1)) {
    const end = i + CARD_OPEN.length + 5;
    if (/^\d{4}\]$/.test(text.slice(end - 5, end))) out.push(i, end);
  }
  return mergeIntervals(out);
}

function mergeIntervals(flat: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [s, e] of pairs) {
    const n = out.length;
    if (n > 0 && s < out[n - 1]!) out[n - 1] = Math.max(out[n - 1]!, e);
    else out.push(s, e);
  }
  return out;
}

function lastFour(text: string, start: number, end: number): string {
  let digits = "";
  for (let p = end - 1; p >= start && digits.length < 4; p--) {
    const c = text.charCodeAt(p);
    if (c >= 48 && c <= 57) digits = text[p] + digits;
  }
  return digits;
}

/** Masks `text` under `rules`. `found` lists what was replaced, in order, by original offsets. */
export function maskText(text: string, rules: MaskRules): MaskResult {
  const spans: Span[] = [];
  if (rules.cards || rules.ssn || rules.birthDates) {
    const hits = detect(text, { cards: rules.cards, ssn: rules.ssn, birthDates: rules.birthDates, now: rules.now ?? Date.now() });
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    let end = 0;
    for (const h of hits) {
      if (h.start < end) continue;
      end = h.end;
      const replacement = h.kind === "card" ? cardPlaceholder(lastFour(text, h.start, h.end)) : PLACEHOLDERS[h.kind];
      spans.push({ kind: h.kind, start: h.start, end: h.end, replacement });
    }
  }

  if (rules.custom.length > 0) {
    const list = rules.custom.map(compiled);
    let blocked = placeholders(text, list);
    if (spans.length > 0) blocked = mergeIntervals([...blocked, ...spans.flatMap((s) => [s.start, s.end])]);
    for (const rule of list) {
      const found: number[] = [];
      let from = 0;
      for (let i = 0; i <= blocked.length; i += 2) {
        const to = i < blocked.length ? blocked[i]! : text.length;
        if (to > from) findSpans(rule.program, text, from, to, found);
        if (i < blocked.length) from = blocked[i + 1]!;
      }
      if (found.length === 0) continue;
      for (let i = 0; i < found.length; i += 2) {
        spans.push({ kind: "custom", name: rule.name, start: found[i]!, end: found[i + 1]!, replacement: rule.replacement });
      }
      blocked = mergeIntervals([...blocked, ...found]);
    }
    spans.sort((a, b) => a.start - b.start);
  }

  if (spans.length === 0) return { text, found: [] };
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(text.slice(at, s.start), s.replacement);
    at = s.end;
  }
  parts.push(text.slice(at));
  return {
    text: parts.join(""),
    found: spans.map((s) => (s.kind === "custom" ? { kind: s.kind, name: s.name, start: s.start, end: s.end } : { kind: s.kind, start: s.start, end: s.end })),
  };
}
