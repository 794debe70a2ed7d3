/**
 * Runs a compiled pattern (masking-pattern.ts) over text: a Pike VM, stepping each character
 * once through at most every NFA state, so the cost is O(text × program) for any pattern and
 * any text.
 *
 * Semantics: every character that some match covers is masked, and overlapping matches merge
 * into one span. That needs no look-ahead (see `run`), and hides at least as much as
 * leftmost-longest would.
 */
import {
  A_END,
  A_START,
  A_WORD,
  OP_ASSERT,
  OP_CHAR,
  OP_JMP,
  OP_MATCH,
  OP_SPLIT,
  type CharSet,
  type Program,
  inSet,
  isHigh,
  isLow,
  isWordCode,
} from "./masking-pattern";

interface Scratch {
  cpc: Int32Array;
  cst: Int32Array;
  npc: Int32Array;
  nst: Int32Array;
  mark: Int32Array;
  gen: number;
  /** Epsilon closures of every pc, one table per assertion context; built on first use. */
  tables: (Closures | null)[];
  hasAssert: boolean;
  /** ASCII membership of every set, 128 entries per set, for an inline test. */
  ascii: Uint8Array;
}

/** The closure of pc is list[off[pc] .. off[pc + 1]). */
interface Closures {
  off: Int32Array;
  list: Int32Array;
}

// Per program: thread lists and epsilon closures are reused from call to call.
const scratches = new WeakMap<Program, Scratch>();

function scratch(p: Program): Scratch {
  let s = scratches.get(p);
  if (s) return s;
  const n = p.op.length;
  s = {
    cpc: new Int32Array(n),
    cst: new Int32Array(n),
    npc: new Int32Array(n),
    nst: new Int32Array(n),
    mark: new Int32Array(n),
    gen: 0,
    tables: new Array<Closures | null>(16).fill(null),
    hasAssert: p.op.includes(OP_ASSERT),
    ascii: new Uint8Array(p.sets.length * 128),
  };
  p.sets.forEach((set, i) => s!.ascii.set(set.ascii, i * 128));
  scratches.set(p, s);
  return s;
}

// Assertion context of a position: bit 0 start of text, 1 end of text, 2 word character
// before, 3 word character after. An epsilon closure depends on nothing else.
const CTX_START = 1;
const CTX_END = 2;
const CTX_WORD_BEFORE = 4;
const CTX_WORD_AFTER = 8;

/** The consuming steps (and MATCH) reachable from each pc without reading a character. */
function closures(p: Program, s: Scratch, ctx: number): Closures {
  const cached = s.tables[ctx];
  if (cached) return cached;
  const { op, x, y } = p;
  const n = op.length;
  const off = new Int32Array(n + 1);
  const list: number[] = [];
  const seen = new Int32Array(n).fill(-1);
  for (let pc = 0; pc < n; pc++) {
    off[pc] = list.length;
    const stack = [pc];
    while (stack.length > 0) {
      const q = stack.pop()!;
      if (seen[q] === pc) continue;
      seen[q] = pc;
      const o = op[q];
      if (o === OP_JMP) stack.push(x[q]!);
      else if (o === OP_SPLIT) stack.push(y[q]!, x[q]!);
      else if (o === OP_ASSERT) {
        const k = x[q]!;
        const boundary = ((ctx & CTX_WORD_BEFORE) === 0) !== ((ctx & CTX_WORD_AFTER) === 0);
        const ok = k === A_START ? (ctx & CTX_START) !== 0 : k === A_END ? (ctx & CTX_END) !== 0 : boundary === (k === A_WORD);
        if (ok) stack.push(q + 1);
      } else list.push(q);
    }
  }
  off[n] = list.length;
  const table = { off, list: Int32Array.from(list) };
  s.tables[ctx] = table;
  return table;
}

/**
 * Appends to `out` (as start, end pairs) the spans of text[a, b) covered by matches that lie
 * entirely inside it. Outside [a, b) is treated as masked: ^ and $ hold only at the ends of the
 * whole text, and \b sees masked neighbours as non-word characters, as placeholders are.
 */
export function findSpans(prog: Program, text: string, a: number, b: number, out: number[]): void {
  const lit = prog.literal;
  if (lit === "") run(prog, text, a, b, a, b, out);
  else gapSpans(prog, text, a, b, text.indexOf(lit, a), out);
}

/**
 * findSpans over every gap between the sorted [start, end) pairs of `blocked` (pairs may touch,
 * not overlap). The required literal is searched for in the whole text as the gaps are walked,
 * each occurrence found once, so many gaps cost no more than one.
 */
export function findSpansOutside(prog: Program, text: string, blocked: number[], out: number[]): void {
  const lit = prog.literal;
  let next = lit === "" ? 0 : text.indexOf(lit);
  if (next < 0) return;
  let from = 0;
  for (let i = 0; i <= blocked.length; i += 2) {
    const to = i < blocked.length ? blocked[i]! : text.length;
    if (to > from) {
      if (lit === "") run(prog, text, from, to, from, to, out);
      else {
        if (next < from) next = text.indexOf(lit, from);
        if (next < 0) return;
        next = gapSpans(prog, text, from, to, next, out);
      }
    }
    if (i < blocked.length) from = blocked[i + 1]!;
  }
}

/**
 * findSpans for a pattern with a required literal, whose first occurrence at or after `a` is at
 * `first` (-1: none). Every match contains the literal, so text without it is skipped. Around
 * each occurrence only a window is run: the stretch of characters from the pattern's alphabet,
 * at most `maxLength` to either side. Windows are grown left only to where the previous one
 * ended and right only from where it ended, so each character is read a bounded number of times.
 * Returns the first occurrence not inside [a, b) that it found, or -1.
 */
function gapSpans(prog: Program, text: string, a: number, b: number, first: number, out: number[]): number {
  const lit = prog.literal;
  const last = b - lit.length; // the last position an occurrence inside [a, b) can start at
  if (first < 0 || first > last) return first;
  const { maxLength: reach, alphabet } = prog;
  const ascii = alphabet.ascii;
  let from = -1;
  let to = -1;
  let i = first;
  while (i >= 0 && i <= last) {
    let lo = i;
    const loLimit = Math.max(a, to, i - reach);
    while (lo > loLimit && inAlphabet(ascii, alphabet, text.charCodeAt(lo - 1))) lo--;
    let hi = Math.max(i + lit.length, to);
    const hiLimit = Math.min(b, i + reach);
    while (hi < hiLimit && inAlphabet(ascii, alphabet, text.charCodeAt(hi))) hi++;
    if (to >= 0 && lo <= to) to = Math.max(to, hi);
    else {
      if (to >= 0) run(prog, text, a, b, from, to, out);
      from = lo;
      to = hi;
    }
    i = text.indexOf(lit, i + 1);
  }
  run(prog, text, a, b, from, to, out);
  return i;
}

const inAlphabet = (ascii: Uint8Array, alphabet: CharSet, c: number) => (c < 128 ? ascii[c] === 1 : inSet(alphabet, c));

/**
 * The matcher: matches inside [from, to), with [a, b) as the context for \b.
 * One pass, O((to - from) × program). Threads at the same NFA state share their future, so only
 * the one with the smallest start is kept; the match it reports at position k, [minStart(k), k),
 * contains every other match ending at k, so the union over k is the union of all matches.
 */
function run(prog: Program, text: string, a: number, b: number, from: number, to: number, out: number[]): void {
  const { op, x, sets, first, firstWide } = prog;
  const s = scratch(prog);
  const { mark, hasAssert, ascii } = s;
  let cpc = s.cpc;
  let cst = s.cst;
  let npc = s.npc;
  let nst = s.nst;
  const base = out.length;
  // Without assertions every position has the same closures: look them up once.
  const plain = hasAssert ? null : closures(prog, s, 0);

  let pos = from;
  let count = 0;
  let gen = nextGen(s);
  let ctx = 0;
  for (;;) {
    if (count === 0) {
      // Nothing in flight: skip to a character a match can begin with.
      while (pos < to) {
        const c = text.charCodeAt(pos);
        if (c < 128 ? first[c] === 1 : firstWide) break;
        pos++;
      }
      if (pos >= to) break;
      gen = nextGen(s);
      if (hasAssert) ctx = contextAt(text, a, b, pos);
    }
    // Threads are kept in order of start, the new one last, so the first to claim a state is
    // the one with the smallest start.
    if (pos < to) {
      const { off, list } = plain ?? closures(prog, s, ctx);
      for (let k = off[0]!, end = off[1]!; k < end; k++) {
        const t = list[k]!;
        if (mark[t] === gen) continue;
        mark[t] = gen;
        cpc[count] = t;
        cst[count] = pos;
        count++;
      }
    }
    const ngen = nextGen(s);
    const nctx = hasAssert && pos < to ? contextAt(text, a, b, pos + 1) : 0;
    const { off, list } = plain ?? closures(prog, s, nctx);
    let ncount = 0;
    let matched = false;
    const c = pos < to ? text.charCodeAt(pos) : -1;
    for (let i = 0; i < count; i++) {
      const pc = cpc[i]!;
      const o = op[pc];
      if (o === OP_MATCH) {
        if (!matched) {
          matched = true;
          record(text, from, to, base, cst[i]!, pos, out);
        }
        continue;
      }
      if (o === OP_CHAR) {
        if (c !== x[pc]) continue;
      } else if (c < 128 ? c < 0 || ascii[x[pc]! * 128 + c] === 0 : !inSet(sets[x[pc]!]!, c)) continue;
      const start = cst[i]!;
      for (let k = off[pc + 1]!, end = off[pc + 2]!; k < end; k++) {
        const t = list[k]!;
        if (mark[t] === ngen) continue;
        mark[t] = ngen;
        npc[ncount] = t;
        nst[ncount] = start;
        ncount++;
      }
    }
    if (pos >= to) break;
    const pcs = cpc;
    cpc = npc;
    npc = pcs;
    const sts = cst;
    cst = nst;
    nst = sts;
    count = ncount;
    gen = ngen;
    ctx = nctx;
    pos++;
  }
  s.cpc = cpc;
  s.cst = cst;
  s.npc = npc;
  s.nst = nst;
}

// run's helpers are plain functions rather than closures inside it: run is called once per
// window, often on short text, and four closures per call were a measurable share of it.

function nextGen(s: Scratch): number {
  if (s.gen >= 0x3fffffff) {
    s.mark.fill(0);
    s.gen = 0;
  }
  return ++s.gen;
}

/** A word character at q, counting what lies outside [a, b) as masked (not a word character). */
const wordAt = (text: string, a: number, b: number, q: number) => q >= a && q < b && isWordCode(text.charCodeAt(q));

/** The assertion context of position q (see CTX_START). */
function contextAt(text: string, a: number, b: number, q: number): number {
  return (
    (q === 0 ? CTX_START : 0) |
    (q === text.length ? CTX_END : 0) |
    (wordAt(text, a, b, q - 1) ? CTX_WORD_BEFORE : 0) |
    (wordAt(text, a, b, q) ? CTX_WORD_AFTER : 0)
  );
}

/** Appends the match [start, end) found in the window [from, to), merging it with those it overlaps (after `base`). */
function record(text: string, from: number, to: number, base: number, start: number, end: number, out: number[]): void {
  // Never cut a surrogate pair in half.
  if (start > from && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start--;
  if (end < to && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end++;
  while (out.length > base && out[out.length - 1]! > start) {
    start = Math.min(start, out[out.length - 2]!);
    end = Math.max(end, out[out.length - 1]!);
    out.length -= 2;
  }
  out.push(start, end);
}
