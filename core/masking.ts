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
import { type BuiltinKind, type Hit, detect } from "./masking-detect";
import { findSpans, findSpansOutside } from "./masking-match";
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
/** Whether `c` was compiled from what `rule` holds now. */
const current = (c: CompiledRule, rule: CustomRule) => c.source === rule.pattern && c.replacement === rule.replacement && c.name === rule.name.trim();
const cache = new Map<string, CompiledRule>();

function compiled(rule: CustomRule): CompiledRule {
  const known = byObject.get(rule);
  if (known && current(known, rule)) return known;
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

// And the compiled list by rules array, with the fields it was compiled from: checking those on
// every use is a few comparisons, against a lookup per rule.
interface CompiledList {
  list: CompiledRule[];
  /** name, pattern and replacement of each rule, in order. */
  from: string[];
}
const byList = new WeakMap<CustomRule[], CompiledList>();

function compiledList(custom: CustomRule[]): CompiledRule[] {
  const known = byList.get(custom);
  if (known && known.list.length === custom.length) {
    const from = known.from;
    let i = 0;
    for (const r of custom) {
      if (r.name !== from[i] || r.pattern !== from[i + 1] || r.replacement !== from[i + 2]) break;
      i += 3;
    }
    if (i === from.length) return known.list;
  }
  const list = custom.map(compiled);
  byList.set(custom, { list, from: custom.flatMap((r) => [r.name, r.pattern, r.replacement]) });
  return list;
}

/** Adds each occurrence of `literal` in `text` to `out` as a [start, end) pair. */
function occurrences(text: string, literal: string, out: number[]): void {
  for (let i = text.indexOf(literal); i >= 0; i = text.indexOf(literal, i + literal.length)) out.push(i, i + literal.length);
}

/** Placeholders already in the text, as sorted [start, end] pairs: masked text stays masked. */
function placeholders(text: string, rules: CompiledRule[]): number[] {
  const out: number[] = [];
  // Most text holds no "[" at all, which rules out every built-in placeholder (and custom
  // replacements in brackets) with one search.
  const bracket = text.indexOf("[") >= 0;
  if (bracket) {
    occurrences(text, PLACEHOLDERS.ssn, out);
    occurrences(text, PLACEHOLDERS.dob, out);
  }
  for (const r of rules) if (bracket || r.replacement.charCodeAt(0) !== 91) occurrences(text, r.replacement, out);
  if (bracket) {
    for (let i = text.indexOf(CARD_OPEN); i >= 0; i = text.indexOf(CARD_OPEN, i + 1)) {
      const end = i + CARD_OPEN.length + 5;
      if (/^\d{4}\]$/.test(text.slice(end - 5, end))) out.push(i, end);
    }
  }
  return out.length === 0 ? out : mergeIntervals(out);
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

/** The union of two lists of [start, end) pairs, each sorted and without overlaps, in one pass. */
function union(a: number[], b: number[]): number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let s: number;
    let e: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      s = a[i]!;
      e = a[i + 1]!;
      i += 2;
    } else {
      s = b[j]!;
      e = b[j + 1]!;
      j += 2;
    }
    const n = out.length;
    if (n > 0 && s < out[n - 1]!) out[n - 1] = Math.max(out[n - 1]!, e);
    else out.push(s, e);
  }
  return out;
}

const isDigitCode = (c: number) => c >= 48 && c <= 57;

function lastFour(text: string, start: number, end: number): string {
  // Usually the last four characters (a plain number, a last group of four or more): one short
  // slice, tested as it is, instead of a string built digit by digit.
  const last = text.slice(end - 4, end);
  let n = 0;
  while (n < 4 && isDigitCode(last.charCodeAt(n))) n++;
  if (n === 4) return last;
  let digits = "";
  for (let p = end - 1; p >= start && digits.length < 4; p--) {
    if (isDigitCode(text.charCodeAt(p))) digits = text[p] + digits;
  }
  return digits;
}

/** Earliest first, then longest; detect() mostly returns them in that order already. */
const byStartThenLength = (a: Hit, b: Hit) => a.start - b.start || b.end - a.end;

function sortHits(hits: Hit[]): void {
  for (let i = 1; i < hits.length; i++) {
    if (byStartThenLength(hits[i - 1]!, hits[i]!) > 0) {
      hits.sort(byStartThenLength);
      return;
    }
  }
}

/** Masks `text` under `rules`. `found` lists what was replaced, in order, by original offsets. */
export function maskText(text: string, rules: MaskRules): MaskResult {
  // What is replaced, in order, and by what. The built-in detector's hits serve as `found`
  // entries as they are: they are fresh objects of the same shape.
  let found: MaskFound[] = [];
  let replacements: string[] = [];
  if (rules.cards || rules.ssn || rules.birthDates) {
    const hits = detect(text, { cards: rules.cards, ssn: rules.ssn, birthDates: rules.birthDates, now: rules.now ?? Date.now() });
    sortHits(hits);
    let end = 0;
    for (const h of hits) {
      if (h.start < end) continue;
      end = h.end;
      found.push(h);
      replacements.push(h.kind === "card" ? cardPlaceholder(lastFour(text, h.start, h.end)) : h.kind === "ssn" ? PLACEHOLDERS.ssn : PLACEHOLDERS.dob);
    }
  }

  if (rules.custom.length > 0) {
    const list = compiledList(rules.custom);
    let blocked = placeholders(text, list);
    if (found.length > 0) {
      const spans: number[] = [];
      for (const f of found) spans.push(f.start, f.end);
      blocked = union(blocked, spans);
    }
    for (const rule of list) {
      const spans: number[] = [];
      findSpansOutside(rule.program, text, blocked, spans);
      if (spans.length === 0) continue;
      // Into place among the earlier spans (they fill gaps between them: none overlap).
      const f: MaskFound[] = [];
      const r: string[] = [];
      let i = 0;
      for (let j = 0; j < spans.length; j += 2) {
        for (; i < found.length && found[i]!.start < spans[j]!; i++) {
          f.push(found[i]!);
          r.push(replacements[i]!);
        }
        f.push({ kind: "custom", name: rule.name, start: spans[j]!, end: spans[j + 1]! });
        r.push(rule.replacement);
      }
      for (; i < found.length; i++) {
        f.push(found[i]!);
        r.push(replacements[i]!);
      }
      found = f;
      replacements = r;
      blocked = union(blocked, spans);
    }
  }

  if (found.length === 0) return { text, found };
  let out = "";
  let at = 0;
  for (let i = 0; i < found.length; i++) {
    out += text.slice(at, found[i]!.start) + replacements[i]!;
    at = found[i]!.end;
  }
  return { text: out + text.slice(at), found };
}
