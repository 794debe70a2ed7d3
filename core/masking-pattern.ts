/**
 * Tenant-defined masking patterns: a subset of JavaScript regular-expression syntax, parsed here
 * and compiled to a Thompson NFA that masking-match.ts runs in time linear in the text.
 *
 * Why not RegExp: V8's engine backtracks, and syntax rules alone do not make it safe. Patterns
 * with no nested quantifier are still polynomial: measured in Node 20, /\w+@\w+/ takes ~0.7 s on
 * 16 KB of "a" and /a*a*b/ ~28 s on 4 KB. Cutting input into windows only caps that at the
 * window size squared (or cubed). A linear engine needs no windows. The syntax rules stay
 * anyway: they reject what this engine does not implement and keep patterns reviewable.
 */

/**
 * Limits on a pattern. `program` caps the compiled NFA, which bounds the cost per character;
 * counted repetition is expanded, so x{1,64} costs about 64 times x+ on text it can match.
 */
export const PATTERN_LIMITS = { chars: 200, count: 100, program: 500 } as const;

export const OP_CHAR = 0;
export const OP_SET = 1;
export const OP_SPLIT = 2;
export const OP_JMP = 3;
export const OP_ASSERT = 4;
export const OP_MATCH = 5;

export const A_START = 0;
export const A_END = 1;
export const A_WORD = 2;
export const A_NOT_WORD = 3;

/** A set of UTF-16 code units: a table for ASCII, sorted [lo, hi] pairs above it. */
export interface CharSet {
  ascii: Uint8Array;
  wide: number[];
}

type Node =
  | { t: "lit"; c: number }
  | { t: "set"; set: CharSet }
  | { t: "seq"; items: Node[] }
  | { t: "alt"; alts: Node[] }
  | { t: "rep"; node: Node; min: number; max: number }
  | { t: "assert"; kind: number }
  | { t: "group"; node: Node };

export interface Program {
  op: Int32Array;
  x: Int32Array;
  y: Int32Array;
  sets: CharSet[];
  /** ASCII characters a match can begin with, and whether any non-ASCII one can. */
  first: Uint8Array;
  firstWide: boolean;
  /** Text every match contains ("" if none is known): no occurrence, no match. */
  literal: string;
  /** The longest possible match, in code units (Infinity with * + or {n,}). */
  maxLength: number;
  /** Every character any match can contain. */
  alphabet: CharSet;
}

class PatternError extends Error {}

// ---------------------------------------------------------------- character sets

/** Sorts and merges flat [lo, hi, lo, hi, …] ranges. */
function normalize(r: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i]!, r[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

function complement(r: number[]): number[] {
  const n = normalize(r);
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < n.length; i += 2) {
    if (n[i]! > next) out.push(next, n[i]! - 1);
    next = n[i + 1]! + 1;
  }
  if (next <= 0xffff) out.push(next, 0xffff);
  return out;
}

function toSet(r: number[]): CharSet {
  const ascii = new Uint8Array(128);
  const wide: number[] = [];
  const n = normalize(r);
  for (let i = 0; i < n.length; i += 2) {
    const lo = n[i]!;
    const hi = n[i + 1]!;
    for (let c = lo; c <= Math.min(hi, 127); c++) ascii[c] = 1;
    if (hi >= 128) wide.push(Math.max(lo, 128), hi);
  }
  return { ascii, wide };
}

export function inSet(s: CharSet, c: number): boolean {
  if (c < 128) return s.ascii[c] === 1;
  const w = s.wide;
  for (let i = 0; i < w.length; i += 2) {
    if (c < w[i]!) return false;
    if (c <= w[i + 1]!) return true;
  }
  return false;
}

// Without the i and u flags together, JavaScript's \w, \d and \b are ASCII-only; so are these.
const DIGIT = [48, 57];
const WORD = [48, 57, 65, 90, 95, 95, 97, 122];
const SPACE = [9, 13, 32, 32, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff];
const DOT = toSet(complement([10, 10, 13, 13, 0x2028, 0x2029]));

export const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || (c >= 97 && c <= 122);
export const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
export const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

// ---------------------------------------------------------------- parser

type ClassAtom = { code: number } | { ranges: number[] };

const SYNTAX = "^$\\.*+?()[]{}|/";

class Parser {
  i = 0;
  constructor(readonly p: string) {}

  fail(message: string): never {
    throw new PatternError(message);
  }

  peek(): number {
    return this.p.charCodeAt(this.i);
  }

  parse(): Node {
    const node = this.parseAlt();
    if (this.i < this.p.length) this.fail("unmatched )");
    return node;
  }

  parseAlt(): Node {
    const alts = [this.parseSeq()];
    while (this.peek() === 124) {
      this.i++;
      alts.push(this.parseSeq());
    }
    return alts.length === 1 ? alts[0]! : { t: "alt", alts };
  }

  parseSeq(): Node {
    const items: Node[] = [];
    while (this.i < this.p.length) {
      const c = this.peek();
      if (c === 124 || c === 41) break;
      items.push(this.parseTerm());
    }
    return items.length === 1 ? items[0]! : { t: "seq", items };
  }

  parseTerm(): Node {
    const atom = this.parseAtom();
    const q = this.parseQuantifier();
    if (!q) return atom;
    if (atom.t === "assert") this.fail("an assertion (^, $, \\b, \\B) cannot be repeated");
    // Not needed for speed (the engine is linear whatever the pattern), but these are the
    // shapes that stall backtracking engines; refusing them keeps patterns portable.
    if (q.max > 1 && atom.t === "group") {
      if (hasRep(atom.node)) this.fail("nested quantifiers like (a+)+ are not allowed: a repeated group must not contain *, +, ? or {n,m}");
      if (hasAlt(atom.node)) this.fail("a repeated group must not contain alternation like (a|b)+; use a character class such as [ab]+");
    }
    return { t: "rep", node: atom, min: q.min, max: q.max };
  }

  parseQuantifier(): { min: number; max: number } | null {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === 42) [min, max] = [0, Infinity];
    else if (c === 43) [min, max] = [1, Infinity];
    else if (c === 63) [min, max] = [0, 1];
    else if (c === 123) {
      this.i++;
      min = this.count();
      max = min;
      if (this.peek() === 44) {
        this.i++;
        max = this.peek() === 125 ? Infinity : this.count();
      }
      if (this.peek() !== 125) this.fail("malformed repetition: expected {n}, {n,} or {n,m}");
      if (min > max) this.fail("numbers out of order in {n,m}");
    } else return null;
    this.i++; // over the quantifier's last character
    // A lazy quantifier changes which match a backtracking engine reports first; every match
    // is masked here, so it changes nothing.
    if (this.peek() === 63) this.i++;
    return { min, max };
  }

  count(): number {
    const start = this.i;
    while (this.peek() >= 48 && this.peek() <= 57) this.i++;
    if (this.i === start) this.fail("malformed repetition: expected {n}, {n,} or {n,m}");
    const n = Number(this.p.slice(start, this.i));
    if (n > PATTERN_LIMITS.count) this.fail(`repetition counts above ${PATTERN_LIMITS.count} are not allowed`);
    return n;
  }

  parseAtom(): Node {
    const c = this.peek();
    switch (c) {
      case 40:
        return this.parseGroup();
      case 91:
        return { t: "set", set: this.parseClass() };
      case 46:
        this.i++;
        return { t: "set", set: DOT };
      case 94:
        this.i++;
        return { t: "assert", kind: A_START };
      case 36:
        this.i++;
        return { t: "assert", kind: A_END };
      case 92: {
        const e = this.parseEscape(false);
        if ("assert" in e) return { t: "assert", kind: e.assert };
        return "code" in e ? { t: "lit", c: e.code } : { t: "set", set: toSet(e.ranges) };
      }
      case 42:
      case 43:
      case 63:
        return this.fail(`"${this.p[this.i]}" has nothing to repeat`);
      case 123:
      case 125:
      case 93:
        return this.fail(`"${this.p[this.i]}" must be escaped as \\${this.p[this.i]}`);
    }
    this.i++;
    if (isHigh(c) && isLow(this.peek())) {
      // One astral character outside a class: match its two UTF-16 code units in order.
      const lo = this.peek();
      this.i++;
      return { t: "group", node: { t: "seq", items: [{ t: "lit", c }, { t: "lit", c: lo }] } };
    }
    if (isHigh(c) || isLow(c)) this.fail("the pattern contains a broken surrogate pair");
    return { t: "lit", c };
  }

  parseGroup(): Node {
    this.i++;
    if (this.peek() === 63) {
      const next = this.p[this.i + 1];
      if (next === ":") this.i += 2;
      else if (next === "=" || next === "!") this.fail("lookahead assertions (?= and (?! are not allowed");
      else if (next === "<" && (this.p[this.i + 2] === "=" || this.p[this.i + 2] === "!")) this.fail("lookbehind assertions (?<= and (?<! are not allowed");
      else if (next === "<") this.fail("named groups (?<name>…) are not supported; use (?:…)");
      else this.fail("unsupported group syntax after (?");
    }
    const node = this.parseAlt();
    if (this.peek() !== 41) this.fail("missing ) to close a group");
    this.i++;
    return { t: "group", node };
  }

  parseClass(): CharSet {
    this.i++;
    let negate = false;
    if (this.peek() === 94) {
      negate = true;
      this.i++;
    }
    const ranges: number[] = [];
    for (;;) {
      if (this.i >= this.p.length) this.fail("missing ] to close a character class");
      if (this.peek() === 93) {
        this.i++;
        break;
      }
      const a = this.classAtom();
      if (this.peek() === 45 && this.i + 1 < this.p.length && this.p[this.i + 1] !== "]") {
        this.i++;
        const b = this.classAtom();
        if ("ranges" in a || "ranges" in b) this.fail("a class escape like \\d cannot be one end of a range");
        if (a.code > b.code) this.fail("range out of order in character class");
        ranges.push(a.code, b.code);
      } else if ("ranges" in a) ranges.push(...a.ranges);
      else ranges.push(a.code, a.code);
    }
    return toSet(negate ? complement(ranges) : ranges);
  }

  classAtom(): ClassAtom {
    if (this.peek() === 92) {
      const e = this.parseEscape(true);
      if ("assert" in e) return this.fail("\\B is not allowed in a character class");
      return e;
    }
    const c = this.peek();
    if (isHigh(c) || isLow(c)) this.fail("characters outside the Basic Multilingual Plane (such as emoji) are not supported in a character class");
    this.i++;
    return { code: c };
  }

  parseEscape(inClass: boolean): ClassAtom | { assert: number } {
    this.i++;
    if (this.i >= this.p.length) this.fail("the pattern ends with a lone \\");
    const ch = this.p[this.i]!;
    this.i++;
    switch (ch) {
      case "d":
        return { ranges: DIGIT };
      case "D":
        return { ranges: complement(DIGIT) };
      case "w":
        return { ranges: WORD };
      case "W":
        return { ranges: complement(WORD) };
      case "s":
        return { ranges: SPACE };
      case "S":
        return { ranges: complement(SPACE) };
      case "b":
        return inClass ? { code: 8 } : { assert: A_WORD };
      case "B":
        return { assert: A_NOT_WORD };
      case "t":
        return { code: 9 };
      case "n":
        return { code: 10 };
      case "v":
        return { code: 11 };
      case "f":
        return { code: 12 };
      case "r":
        return { code: 13 };
      case "0":
        if (this.peek() >= 48 && this.peek() <= 57) this.fail("octal escapes are not allowed");
        return { code: 0 };
      case "k":
        return this.fail("named backreferences like \\k<name> are not allowed");
      case "p":
      case "P":
        return this.fail("Unicode property escapes like \\p{L} are not supported");
      case "c": {
        const l = this.peek();
        if (!((l >= 65 && l <= 90) || (l >= 97 && l <= 122))) this.fail("\\c must be followed by a letter");
        this.i++;
        return { code: l % 32 };
      }
      case "x":
        return { code: this.hex(2) };
      case "u": {
        let code: number;
        if (this.peek() === 123) {
          const end = this.p.indexOf("}", this.i);
          if (end < 0 || end - this.i > 7) this.fail("malformed \\u{…} escape");
          this.i++;
          code = this.hex(end - this.i);
          this.i++;
        } else code = this.hex(4);
        if (code > 0xffff || isHigh(code) || isLow(code)) this.fail("characters outside the Basic Multilingual Plane are not supported in escapes");
        return { code };
      }
    }
    if (ch >= "1" && ch <= "9") this.fail(`backreferences like \\${ch} are not allowed`);
    if (SYNTAX.includes(ch) || (inClass && ch === "-")) return { code: ch.charCodeAt(0) };
    return this.fail(`unknown escape \\${ch}`);
  }

  hex(n: number): number {
    const s = this.p.slice(this.i, this.i + n);
    if (n === 0 || s.length !== n || !/^[0-9a-fA-F]+$/.test(s)) this.fail("malformed hexadecimal escape");
    this.i += n;
    return parseInt(s, 16);
  }
}

function hasRep(n: Node): boolean {
  switch (n.t) {
    case "rep":
      return true;
    case "seq":
      return n.items.some(hasRep);
    case "alt":
      return n.alts.some(hasRep);
    case "group":
      return hasRep(n.node);
    default:
      return false;
  }
}

function hasAlt(n: Node): boolean {
  switch (n.t) {
    case "alt":
      return true;
    case "seq":
      return n.items.some(hasAlt);
    case "group":
    case "rep":
      return hasAlt(n.node);
    default:
      return false;
  }
}

function nullable(n: Node): boolean {
  switch (n.t) {
    case "lit":
    case "set":
      return false;
    case "assert":
      return true;
    case "seq":
      return n.items.every(nullable);
    case "alt":
      return n.alts.some(nullable);
    case "rep":
      return n.min === 0 || nullable(n.node);
    case "group":
      return nullable(n.node);
  }
}

/** The longest literal text every match of `n` contains, as far as a simple walk can tell. */
function requiredLiteral(n: Node): string {
  switch (n.t) {
    case "lit":
      return String.fromCharCode(n.c);
    case "group":
      return requiredLiteral(n.node);
    case "rep":
      return n.min >= 1 ? requiredLiteral(n.node) : "";
    case "seq": {
      // Adjacent literals join into one string; any item's own requirement also holds.
      let best = "";
      let run = "";
      for (const item of n.items) {
        const inner = item.t === "lit" || (item.t === "group" && item.node.t === "seq" && item.node.items.every((i) => i.t === "lit")) ? requiredLiteral(item) : "";
        if (inner !== "") {
          run += inner;
          if (run.length > best.length) best = run;
          continue;
        }
        run = "";
        const own = requiredLiteral(item);
        if (own.length > best.length) best = own;
      }
      return best;
    }
    default:
      return "";
  }
}

function maxLength(n: Node): number {
  switch (n.t) {
    case "lit":
    case "set":
      return 1;
    case "assert":
      return 0;
    case "group":
      return maxLength(n.node);
    case "seq":
      return n.items.reduce((sum, i) => sum + maxLength(i), 0);
    case "alt":
      return Math.max(...n.alts.map(maxLength));
    case "rep":
      return n.max === Infinity ? Infinity : n.max * maxLength(n.node);
  }
}

// ---------------------------------------------------------------- compiler

class Emitter {
  op: number[] = [];
  x: number[] = [];
  y: number[] = [];
  sets: CharSet[] = [];

  emit(op: number, x = 0, y = 0): number {
    if (this.op.length >= PATTERN_LIMITS.program) {
      throw new PatternError(`the pattern is too complex: it expands to more than ${PATTERN_LIMITS.program} steps (lower the repetition counts)`);
    }
    this.op.push(op);
    this.x.push(x);
    this.y.push(y);
    return this.op.length - 1;
  }

  node(n: Node): void {
    switch (n.t) {
      case "lit":
        this.emit(OP_CHAR, n.c);
        return;
      case "set":
        this.sets.push(n.set);
        this.emit(OP_SET, this.sets.length - 1);
        return;
      case "assert":
        this.emit(OP_ASSERT, n.kind);
        return;
      case "group":
        this.node(n.node);
        return;
      case "seq":
        for (const item of n.items) this.node(item);
        return;
      case "alt": {
        const jumps: number[] = [];
        n.alts.forEach((alt, k) => {
          if (k === n.alts.length - 1) return this.node(alt);
          const split = this.emit(OP_SPLIT);
          this.x[split] = split + 1;
          this.node(alt);
          jumps.push(this.emit(OP_JMP));
          this.y[split] = this.op.length;
        });
        for (const j of jumps) this.x[j] = this.op.length;
        return;
      }
      case "rep": {
        for (let k = 0; k < n.min; k++) this.node(n.node);
        if (n.max === Infinity) {
          const loop = this.emit(OP_SPLIT);
          this.x[loop] = loop + 1;
          this.node(n.node);
          this.emit(OP_JMP, loop);
          this.y[loop] = this.op.length;
        } else {
          const splits: number[] = [];
          for (let k = n.min; k < n.max; k++) {
            const s = this.emit(OP_SPLIT);
            this.x[s] = s + 1;
            splits.push(s);
            this.node(n.node);
          }
          for (const s of splits) this.y[s] = this.op.length;
        }
        return;
      }
    }
  }
}

/** The characters a match can begin with: consuming steps reachable from the start, assertions assumed true. */
function firstChars(e: Emitter): { first: Uint8Array; firstWide: boolean } {
  const first = new Uint8Array(128);
  let firstWide = false;
  const seen = new Set<number>();
  const stack = [0];
  while (stack.length > 0) {
    const pc = stack.pop()!;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const op = e.op[pc]!;
    if (op === OP_JMP) stack.push(e.x[pc]!);
    else if (op === OP_SPLIT) stack.push(e.x[pc]!, e.y[pc]!);
    else if (op === OP_ASSERT) stack.push(pc + 1);
    else if (op === OP_CHAR) {
      const c = e.x[pc]!;
      if (c < 128) first[c] = 1;
      else firstWide = true;
    } else if (op === OP_SET) {
      const s = e.sets[e.x[pc]!]!;
      for (let c = 0; c < 128; c++) if (s.ascii[c]) first[c] = 1;
      if (s.wide.length > 0) firstWide = true;
    }
  }
  return { first, firstWide };
}

function alphabet(e: Emitter): CharSet {
  const ranges: number[] = [];
  e.op.forEach((op, pc) => {
    if (op === OP_CHAR) ranges.push(e.x[pc]!, e.x[pc]!);
    if (op === OP_SET) {
      const set = e.sets[e.x[pc]!]!;
      for (let c = 0; c < 128; c++) if (set.ascii[c]) ranges.push(c, c);
      ranges.push(...set.wide);
    }
  });
  return toSet(ranges);
}

/** Parses and compiles `pattern`, or says in one sentence why it cannot be used. */
export function compilePattern(pattern: string): { ok: true; program: Program } | { ok: false; error: string } {
  if (pattern.length === 0) return { ok: false, error: "the pattern is empty" };
  if (pattern.length > PATTERN_LIMITS.chars) return { ok: false, error: `the pattern must be at most ${PATTERN_LIMITS.chars} characters` };
  try {
    const ast = new Parser(pattern).parse();
    if (nullable(ast)) return { ok: false, error: "the pattern must not match empty text" };
    const e = new Emitter();
    e.node(ast);
    e.emit(OP_MATCH);
    return {
      ok: true,
      program: {
        op: Int32Array.from(e.op),
        x: Int32Array.from(e.x),
        y: Int32Array.from(e.y),
        sets: e.sets,
        ...firstChars(e),
        literal: requiredLiteral(ast),
        maxLength: maxLength(ast),
        alphabet: alphabet(e),
      },
    };
  } catch (err) {
    if (err instanceof PatternError) return { ok: false, error: err.message };
    throw err;
  }
}
