import { describe, expect, it } from "vitest";
import { CustomRuleSchema, MaskRulesSchema, type MaskRules, compileCustomRule, maskText } from "../core/masking";
import { findSpans } from "../core/masking-match";
import { compilePattern } from "../core/masking-pattern";
import { CORPUS, CORPUS_NOW, type CorpusKind, group, makeCard } from "./masking-corpus";

const ALL: MaskRules = { cards: true, ssn: true, birthDates: true, custom: [], now: CORPUS_NOW };
const OFF: MaskRules = { cards: false, ssn: false, birthDates: false, custom: [], now: CORPUS_NOW };
const mask = (text: string, rules: Partial<MaskRules> = {}) => maskText(text, { ...ALL, ...rules });
const kinds = (text: string) => mask(text).found.map((f) => f.kind);
const digits = (s: string) => s.replace(/\D/g, "");

const ORDER = { name: "order", pattern: "ORD-\\d{6}", replacement: "[order]" };
const EMAIL = { name: "email", pattern: "\\w+@\\w+\\.\\w+", replacement: "[email]" };

describe("masking corpus", () => {
  it(`has at least 500 cases and 100% precision and recall per kind`, () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(500);
    const score = { card: { tp: 0, fp: 0, fn: 0 }, ssn: { tp: 0, fp: 0, fn: 0 }, dob: { tp: 0, fp: 0, fn: 0 } };
    const wrong: string[] = [];
    for (const c of CORPUS) {
      const got = kinds(c.text) as CorpusKind[];
      if (got.join() !== c.expect.join()) wrong.push(`${JSON.stringify(c.text)}: expected [${c.expect}] got [${got}] (${c.note ?? ""})`);
      for (const k of ["card", "ssn", "dob"] as const) {
        const e = c.expect.filter((x) => x === k).length;
        const g = got.filter((x) => x === k).length;
        score[k].tp += Math.min(e, g);
        score[k].fp += Math.max(0, g - e);
        score[k].fn += Math.max(0, e - g);
      }
    }
    expect(wrong).toEqual([]);
    for (const k of ["card", "ssn", "dob"] as const) {
      const { tp, fp, fn } = score[k];
      expect(tp, `${k} positives`).toBeGreaterThan(30);
      expect({ kind: k, precision: tp / (tp + fp), recall: tp / (tp + fn) }).toEqual({ kind: k, precision: 1, recall: 1 });
    }
  });

  it("is idempotent on every case, with and without custom rules", () => {
    for (const rules of [{}, { custom: [ORDER, EMAIL, { name: "digits", pattern: "\\d+", replacement: "#" }] }]) {
      for (const c of CORPUS) {
        const once = mask(c.text, rules).text;
        const twice = mask(once, rules);
        expect(twice.text, c.text).toBe(once);
      }
    }
  });

  it("changes nothing with every detector off", () => {
    for (const c of CORPUS) expect(maskText(c.text, OFF)).toEqual({ text: c.text, found: [] });
  });

  it("switches each detector separately", () => {
    const text = "card 4111 1111 1111 1111, ssn 078-05-1120, dob 03/04/1985";
    expect(maskText(text, { ...OFF, cards: true }).text).toBe("card [card ····1111], ssn 078-05-1120, dob 03/04/1985");
    expect(maskText(text, { ...OFF, ssn: true }).text).toBe("card 4111 1111 1111 1111, ssn [SSN], dob 03/04/1985");
    expect(maskText(text, { ...OFF, birthDates: true }).text).toBe("card 4111 1111 1111 1111, ssn 078-05-1120, dob [date of birth]");
  });
});

describe("replacements", () => {
  it("uses the documented placeholders", () => {
    expect(mask("4111-1111-1111-1111").text).toBe("[card ····1111]");
    expect(mask("Amex 3782 822463 10005 ok").text).toBe("Amex [card ····0005] ok");
    expect(mask("ssn 078 05 1120").text).toBe("ssn [SSN]");
    expect(mask("born 4th of March, 1985!").text).toBe("born [date of birth]!");
  });

  it("never shows more than the last four digits of a card", () => {
    let checked = 0;
    for (const c of CORPUS) {
      if (!c.expect.includes("card")) continue;
      const r = mask(c.text);
      let outside = "";
      let at = 0;
      for (const f of r.found) {
        outside += c.text.slice(at, f.start);
        at = f.end;
        if (f.kind !== "card") continue;
        const card = digits(c.text.slice(f.start, f.end));
        expect(card.length).toBeGreaterThanOrEqual(13);
        expect(r.text).toContain(`[card ····${card.slice(-4)}]`);
        checked++;
      }
      outside += c.text.slice(at);
      // Every digit of the output is either one it had outside the masked spans or one of the
      // four in a card placeholder: nothing else of a card survives, in any grouping.
      const noPlaceholder = (s: string) => s.replace(/\[card ····\d{4}\]/g, "");
      expect(digits(noPlaceholder(r.text)), c.text).toBe(digits(noPlaceholder(outside)));
    }
    expect(checked).toBeGreaterThan(150);
  });

  it("reports positions in the original text", () => {
    const text = "Jane: 💳 4111 1111 1111 1111, SSN 219-09-9999, born Mar. 4, 1985 — ORD-123456";
    const r = mask(text, { custom: [ORDER] });
    expect(r.found.map((f) => [f.kind, text.slice(f.start, f.end)])).toEqual([
      ["card", "4111 1111 1111 1111"],
      ["ssn", "219-09-9999"],
      ["dob", "Mar. 4, 1985"],
      ["custom", "ORD-123456"],
    ]);
    expect(r.found[3]!.name).toBe("order");
    expect(r.text).toBe("Jane: 💳 [card ····1111], SSN [SSN], born [date of birth] — [order]");
  });

  it("keeps the earliest, then the longest, of overlapping candidates", () => {
    // 4-4-4-4 and 4-4-4-4-3 both read as cards here; the 19-digit one is longer.
    const n19 = makeCard("4", 19);
    const spaced = `${n19.slice(0, 4)} ${n19.slice(4, 8)} ${n19.slice(8, 12)} ${n19.slice(12, 16)} ${n19.slice(16)}`;
    expect(mask(spaced).found).toEqual([{ kind: "card", start: 0, end: spaced.length }]);
  });

  it("finds printed cards wherever they start in a chain of groups", () => {
    const cut = (n: string, shape: number[], sep: string) => group(n, shape, sep);
    const found = (text: string) => mask(text).found.map((f) => text.slice(f.start, f.end));
    const v16 = cut(makeCard("4", 16), [4, 4, 4, 4], " ");
    const v13 = cut(makeCard("4", 13), [4, 4, 4, 1], " ");
    const v19 = cut(makeCard("4", 19), [4, 4, 4, 4, 3], " ");
    const amex = cut(makeCard("37", 15), [4, 6, 5], "-");
    const diners = cut(makeCard("36", 14), [4, 6, 4], ".");
    expect(found(`${v16} ${v16}`)).toEqual([v16, v16]);
    expect(found(`1111 ${v16}`)).toEqual([v16]);
    expect(found(`1111 1111 ${v13} x`)).toEqual([v13]);
    expect(found(`${v19}`)).toEqual([v19]);
    expect(found(`x ${amex} and ${diners}.`)).toEqual([amex, diners]);
    // Joined by "-" or ".", a group in front makes one longer identifier.
    expect(found(`1111-${v16.replaceAll(" ", "-")}`)).toEqual([]);
    expect(found(`1111.${diners}`)).toEqual([]);
    // One separator throughout.
    expect(found(`${v16.slice(0, 9)}-${v16.slice(10)}`)).toEqual([]);
  });

  it("reads numbers next to letters of other scripts as it reads them next to ASCII", () => {
    const n = makeCard("5", 16);
    expect(kinds(`né le 14.03.1985, carte ${n} — 日付 1985-03-14`)).toEqual(["dob", "card", "dob"]);
    expect(kinds(`€${n} ß078-05-1120 ü03/14/1985 日03/14/1985 —03/14/1985`)).toEqual(["card", "dob"]);
  });

  it("masks each text on its own: nothing of an earlier, longer one carries over", () => {
    // The detector reuses a buffer between calls; what a long text left in it must not join a
    // short text's numbers into longer ones.
    expect(mask(`${"x".repeat(70_000)} 4111 1111 1111 1111`).found).toHaveLength(1);
    expect(mask("4111 1111 1111")).toEqual({ text: "4111 1111 1111", found: [] });
    expect(mask(`${"é".repeat(5_000)} 03/14/1985 0000 0000`).found).toHaveLength(1);
    expect(mask("03/14/19")).toEqual({ text: "03/14/19", found: [] });
    expect(mask("1985-03")).toEqual({ text: "1985-03", found: [] });
  });
});

describe("custom rules", () => {
  it("masks with a literal replacement, after the built-in detectors, only where nothing is masked", () => {
    expect(mask("see ORD-123456 and ORD-12345", { custom: [ORDER] }).text).toBe("see [order] and ORD-12345");
    expect(mask("ORD-123456", { custom: [{ ...ORDER, replacement: "$& $<x>" }] }).text).toBe("$& $<x>");
    const digitsRule = { name: "digits", pattern: "\\d+", replacement: "#" };
    const r = mask("card 4111111111111111 and 42", { custom: [digitsRule] });
    expect(r.text).toBe("card [card ····1111] and #");
    expect(mask(r.text, { custom: [digitsRule] }).text).toBe(r.text);
    // Earlier rules win over later ones.
    expect(mask("ORD-123456", { custom: [ORDER, digitsRule] }).text).toBe("[order]");
    expect(mask("ORD-123456", { custom: [digitsRule, ORDER] }).text).toBe("ORD-#");
  });

  it("uses a rules array as it is now, also when its rules change in place", () => {
    const rule = { name: "order", pattern: "ORD-\\d{6}", replacement: "[order]" };
    const rules: MaskRules = { ...OFF, custom: [rule] };
    expect(maskText("ORD-123456 INV-123456", rules).text).toBe("[order] INV-123456");
    rule.pattern = "INV-\\d{6}";
    expect(maskText("ORD-123456 INV-123456", rules).text).toBe("ORD-123456 [order]");
    rule.replacement = "[invoice]";
    expect(maskText("ORD-123456 INV-123456", rules).text).toBe("ORD-123456 [invoice]");
    rules.custom.push({ name: "order", pattern: "ORD-\\d{6}", replacement: "[order]" });
    expect(maskText("ORD-123456 INV-123456", rules).text).toBe("[order] [invoice]");
    rules.custom[0] = { name: "all", pattern: "[A-Z]{3}-\\d{6}", replacement: "[ref]" };
    expect(maskText("ORD-123456 INV-123456", rules).found).toEqual([
      { kind: "custom", name: "all", start: 0, end: 10 },
      { kind: "custom", name: "all", start: 11, end: 21 },
    ]);
  });

  it("masks everything any match covers, merging overlaps", () => {
    const three = { name: "three", pattern: "\\d{3}", replacement: "#" };
    expect(mask("12345 67", { ...OFF, custom: [three] }).text).toBe("# 67");
    const alt = { name: "alt", pattern: "abcd|c", replacement: "_" };
    expect(mask("xabcdx c", { ...OFF, custom: [alt] }).text).toBe("x_x _");
  });

  it("supports classes, anchors, word boundaries and counted repetition", () => {
    const rules = (pattern: string) => ({ ...OFF, custom: [{ name: "r", pattern, replacement: "[x]" }] });
    expect(maskText("secret secrets", rules("\\bsecret\\b")).text).toBe("[x] secrets");
    expect(maskText("key: abc", rules("^key")).text).toBe("[x]: abc");
    expect(maskText("a key", rules("^key")).text).toBe("a key");
    expect(maskText("id AB-12x", rules("[A-Z]{2}-\\d{1,3}x?")).text).toBe("id [x]");
    expect(maskText("ab-ab-ab!", rules("(?:ab-)+")).text).toBe("[x]ab!");
    expect(maskText("tok_Zz9 tok_", rules("tok_[^\\s]+")).text).toBe("[x] tok_");
    expect(maskText("naïve café", rules("caf\\u00e9|na\\u00efve")).text).toBe("[x] [x]");
    expect(maskText("x😀😀y", rules("😀+")).text).toBe("x[x]y");
  });

  it("refuses unsafe or invalid patterns with a clear message", () => {
    const error = (pattern: string, replacement = "[x]") => {
      const r = compileCustomRule({ name: "r", pattern, replacement });
      return r.ok ? "ok" : `${r.field}: ${r.error}`;
    };
    expect(error("(a+)+$")).toMatch(/^pattern: nested quantifiers/);
    expect(error("(a*)*")).toMatch(/nested quantifiers/);
    expect(error("(a|aa)+")).toMatch(/^pattern: a repeated group must not contain alternation/);
    expect(error("(?=x)")).toMatch(/lookahead assertions .* are not allowed/);
    expect(error("(?<!x)y")).toMatch(/lookbehind assertions .* are not allowed/);
    expect(error("(a)\\1")).toMatch(/backreferences like \\1 are not allowed/);
    expect(error("(?<n>a)\\k<n>")).toMatch(/named groups/);
    expect(error("a{1000}")).toMatch(/repetition counts above 100/);
    expect(error("a{1,101}")).toMatch(/repetition counts above 100/);
    expect(error("x".repeat(201))).toMatch(/at most 200 characters/);
    expect(error("(?:abcdefghij){100}")).toMatch(/too complex/);
    expect(error("a*")).toMatch(/must not match empty text/);
    expect(error("a**")).toMatch(/nothing to repeat/);
    expect(error("[a-")).toMatch(/missing \]/);
    expect(error("(ab")).toMatch(/missing \)/);
    expect(error("ab)")).toMatch(/unmatched \)/);
    expect(error("\\p{L}")).toMatch(/not supported/);
    expect(error("ORD-\\d+", "[order 1]")).toMatch(/^replacement: .*digits/);
    expect(error("x+", "[xx]")).toMatch(/^replacement: .*must not itself match/);
    expect(error("x", "y".repeat(41))).toMatch(/^replacement: .*1-40/);
    expect(error("a{2}b?")).toBe("ok");
    expect(error("(?:ab)+c|d")).toBe("ok");
  });

  it("validates stored settings with zod", () => {
    expect(CustomRuleSchema.safeParse(ORDER).success).toBe(true);
    const bad = CustomRuleSchema.safeParse({ name: "x", pattern: "(a+)+", replacement: "[x]" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["pattern"], message: expect.stringMatching(/nested quantifiers/) });
    const settings = { cards: true, ssn: true, birthDates: false, custom: [ORDER, EMAIL] };
    expect(MaskRulesSchema.parse(settings)).toEqual(settings);
    expect(MaskRulesSchema.safeParse({ ...settings, custom: [ORDER, ORDER] }).success).toBe(false);
    expect(MaskRulesSchema.safeParse({ ...settings, custom: Array(21).fill(ORDER) }).success).toBe(false);
    expect(() => mask("x", { custom: [{ name: "bad", pattern: "(?=x)", replacement: "[x]" }] })).toThrow(/lookahead/);
  });
});

describe("custom pattern engine", () => {
  it("covers exactly the characters JavaScript's RegExp finds in some match", () => {
    // Random patterns over a small alphabet; the reference tries every [i, k) with a sticky
    // RegExp whose lookahead pins the end, so ^, $ and \b see the whole text.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
    const pick = <T,>(a: T[]) => a[Math.floor(rnd() * a.length)]!;
    const atom = (d: number): string => {
      const r = rnd();
      if (r < 0.45) return pick(["a", "b", "c"]);
      if (r < 0.52) return pick(["^", "$", "\\b", "\\B"]);
      if (r < 0.65) return pick(["[ab]", "[^a]", ".", "\\d", "\\w", "[b-c]", "1"]);
      if (r < 0.8 && d < 2) return `(?:${alt(d + 1)})`;
      return "a";
    };
    const term = (d: number) => atom(d) + (rnd() < 0.5 ? "" : pick(["*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}"]));
    const seq = (d: number) => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => term(d)).join("");
    const alt = (d: number): string => (rnd() < 0.3 ? `${seq(d)}|${seq(d)}` : seq(d));
    let compared = 0;
    for (let iter = 0; iter < 1500; iter++) {
      const pattern = alt(0);
      const c = compilePattern(pattern);
      if (!c.ok) continue;
      for (let t = 0; t < 4; t++) {
        const text = Array.from({ length: Math.floor(rnd() * 9) }, () => pick(["a", "b", "c", "1", " "])).join("");
        const want = Array.from(text, () => 0);
        for (let i = 0; i < text.length; i++) {
          for (let k = i + 1; k <= text.length; k++) {
            const re = new RegExp(`(?:${pattern})(?=[^]{${text.length - k}}$)`, "uy");
            re.lastIndex = i;
            if (re.test(text)) want.fill(1, i, k);
          }
        }
        const spans: number[] = [];
        findSpans(c.program, text, 0, text.length, spans);
        const got = Array.from(text, () => 0);
        for (let i = 0; i < spans.length; i += 2) got.fill(1, spans[i], spans[i + 1]);
        expect(got.join(""), `${pattern} on ${JSON.stringify(text)}`).toBe(want.join(""));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(4000);
  });
});

describe("adversarial input", () => {
  // Correctness, not timing: every detector and the custom matcher are linear, so these
  // finish in milliseconds; a backtracking bug would make the test time out instead.
  it("handles 50 KB of number-like noise", () => {
    for (const noise of ["1 ".repeat(25_000), "4111-".repeat(10_000), "1-".repeat(25_000), "9".repeat(50_000), "01/02/1985".repeat(5_000), "March 4, ".repeat(5_000), "078-05-".repeat(7_000)]) {
      expect(mask(noise, { custom: [ORDER, EMAIL] })).toEqual({ text: noise, found: [] });
    }
    // 4111 4111 4111 4111 fails Luhn, so a long run of "4111 " holds no card.
    expect(mask("4111 ".repeat(10_000)).found).toEqual([]);
    const cards = "4111111111111111 ".repeat(3_000);
    const r = mask(cards);
    expect(r.found.length).toBe(3_000);
    expect(r.text).toBe("[card ····1111] ".repeat(3_000));
    const dates = "03/04/1985 ".repeat(4_000);
    expect(mask(dates).text).toBe("[date of birth] ".repeat(4_000));
  });

  it("runs an allowed custom rule over 50 KB of a single letter", () => {
    const a = "a".repeat(50_000);
    expect(mask(a, { custom: [EMAIL] }).found).toEqual([]);
    const r = mask(`${a}@b.c`, { custom: [EMAIL] });
    expect(r).toEqual({ text: "[email]", found: [{ kind: "custom", name: "email", start: 0, end: 50_004 }] });
    const spread = { name: "spread", pattern: "a.{0,100}b|a{100}c", replacement: "[x]" };
    expect(mask(a, { custom: [spread] }).found).toEqual([]);
  });
});
