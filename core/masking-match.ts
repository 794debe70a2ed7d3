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
 *
 * Every match contains `literal`, so text without it is skipped. Around each occurrence only a
 * window is run: the stretch of characters from the pattern's alphabet, at most `maxLength` to
 * either side. Windows are grown left only to where the previous one ended and right only from
 * where it ended, so each character is read a bounded number of times.
 */
export function findSpans(prog: Program, text: string, a: number, b: number, out: number[]): void {
  const lit = prog.literal;
  if (lit === "") return run(prog, text, a, b, a, b, out);
  // Search within the gap only (a slice is O(1) in V8), so many gaps cost no more than one.
  const gap = text.slice(a, b);
  let i = gap.indexOf(lit);
  if (i < 0) return;
  const { maxLength: reach, alphabet } = prog;
  const inAlphabet = (c: number) => (c < 128 ? alphabet.ascii[c] === 1 : inSet(alphabet, c));
  let from = -1;
  let to = -1;
  while (i >= 0) {
    let lo = i;
    const loLimit = Math.max(0, to, i - reach);
    while (lo > loLimit && inAlphabet(gap.charCodeAt(lo - 1))) lo--;
    let hi = Math.max(i + lit.length, to);
    const hiLimit = Math.min(gap.length, i + reach);
    while (hi < hiLimit && inAlphabet(gap.charCodeAt(hi))) hi++;
    if (to >= 0 && lo <= to) to = Math.max(to, hi);
    else {
      if (to >= 0) run(prog, text, a, b, a + from, a + to, out);
      from = lo;
      to = hi;
    }
    i = gap.indexOf(lit, i + 1);
  }
  run(prog, text, a, b, a + from, a + to, out);
}

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
  const n = text.length;
  const base = out.length;
  const wordAt = (q: number) => q >= a && q < b && isWordCode(text.charCodeAt(q));
  const ctxAt = (q: number) =>
    hasAssert ? (q === 0 ? CTX_START : 0) | (q === n ? CTX_END : 0) | (wordAt(q - 1) ? CTX_WORD_BEFORE : 0) | (wordAt(q) ? CTX_WORD_AFTER : 0) : 0;

  const record = (start: number, end: number) => {
    // Never cut a surrogate pair in half.
    if (start > from && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start--;
    if (end < to && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end++;
    while (out.length > base && out[out.length - 1]! > start) {
      start = Math.min(start, out[out.length - 2]!);
      end = Math.max(end, out[out.length - 1]!);
      out.length -= 2;
    }
    out.push(start, end);
  };

  const nextGen = () => {
    if (s.gen >= 0x3fffffff) {
      mark.fill(0);
      s.gen = 0;
    }
    return ++s.gen;
  };

  let pos = from;
  let count = 0;
  let gen = nextGen();
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
      gen = nextGen();
      ctx = ctxAt(pos);
    }
    // Threads are kept in order of start, the new one last, so the first to claim a state is
    // the one with the smallest start.
    if (pos < to) {
      const { off, list } = closures(prog, s, ctx);
      for (let k = off[0]!, end = off[1]!; k < end; k++) {
        const t = list[k]!;
        if (mark[t] === gen) continue;
        mark[t] = gen;
        cpc[count] = t;
        cst[count] = pos;
        count++;
      }
    }
    const ngen = nextGen();
    const nctx = pos < to ? ctxAt(pos + 1) : 0;
    const { off, list } = closures(prog, s, nctx);
    let ncount = 0;
    let matched = false;
    const c = pos < to ? text.charCodeAt(pos) : -1;
    for (let i = 0; i < count; i++) {
      const pc = cpc[i]!;
      const o = op[pc];
      if (o === OP_MATCH) {
        if (!matched) {
          matched = true;
          record(cst[i]!, pos);
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
