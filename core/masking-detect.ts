/**
 * The built-in detectors (payment cards, US Social Security numbers, birth dates) as one
 * left-to-right scan. Every match contains digits, so the scan jumps from digit run to digit run
 * and looks only a bounded distance around each; the cost is linear in the text whatever it
 * holds.
 *
 * Vocabulary: a *run* is a maximal sequence of ASCII digits. A run longer than 19 is never part
 * of a match, and a match always consists of whole runs, so masking never splits a number.
 * Runs joined by "-", ".", "/" or ":" belong together: a match must not continue that way into
 * more digits ("4111-1111-1111-1111-1111" is one 20-digit identifier, not a card). A single
 * space is weaker, since it also separates words: a card followed by " 12 28 123" (expiry and
 * CVV) is still a card.
 *
 * Speed notes (measured in V8): the regex engine skips prose a few times faster than a
 * charCodeAt loop but costs ~40 ns a call, so digits close together are found by hand (see
 * `scan`); every read is bounds-checked, because V8 moves a charCodeAt call site to a ~4x slower
 * generic path for good once it reads past the end; each run is read once, with its Luhn sum,
 * and a card group once even when several candidates share it (see `chain`).
 */

export type BuiltinKind = "card" | "ssn" | "dob";

export interface Hit {
  kind: BuiltinKind;
  start: number;
  end: number;
}

export interface DetectOptions {
  cards: boolean;
  ssn: boolean;
  birthDates: boolean;
  /** Epoch ms; dates after it, or more than 120 years before it, are not birth dates. */
  now: number;
}

const MAX_RUN = 20;

// The text being scanned. Module state keeps the helpers small; the scan never re-enters and
// drops the reference when done.
let text = "";
let len = 0;

/** The code unit at p, or 0 outside the text. */
const at = (p: number): number => (p >= 0 && p < len ? text.charCodeAt(p) : 0);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isJoiner = (c: number) => c === 45 || c === 46 || c === 47 || c === 58;
const isBlank = (c: number) => c === 32 || c === 9 || c === 0xa0;
const digitAt = (p: number) => isDigit(at(p));

const WIDE_WORD = /[\p{L}\p{N}\p{M}]/u;
/** A letter, digit or underscore, in any script. */
function isWordCode(c: number): boolean {
  if (c < 128) return isLetter(c) || isDigit(c) || c === 95;
  return WIDE_WORD.test(String.fromCharCode(c));
}
/** A word character at p; false outside the text. */
const isWordAt = (p: number) => isWordCode(at(p));

/** End of the digit run at p, read at most MAX_RUN far: longer runs are never used. */
function runEnd(p: number): number {
  const lim = p + MAX_RUN;
  while (p < lim && digitAt(p)) p++;
  return p;
}

function freeAfter(e: number): boolean {
  if (isWordAt(e)) return false;
  return !(isJoiner(at(e)) && digitAt(e + 1));
}

/** A time of day follows ("2024-05-06 10:20"): the date is a timestamp, not a birth date. */
function timeFollows(e: number): boolean {
  if (at(e) !== 32 || !digitAt(e + 1)) return false;
  return at(digitAt(e + 2) ? e + 3 : e + 2) === 58;
}

function num(s: number, e: number): number {
  let v = 0;
  for (let p = s; p < e; p++) v = v * 10 + at(p) - 48;
  return v;
}

// ---------------------------------------------------------------- cards

// Luhn, split by group: for digits D, `even` is D's Luhn sum when its last digit is the check
// digit (not doubled), `odd` the sum when its last digit is doubled. Appending a digit x:
// even(Dx) = odd(D) + x, odd(Dx) = even(D) + double(x).
const dbl = (d: number) => (d > 4 ? 2 * d - 9 : 2 * d);

/** Issuer ranges and lengths, from the first six digits. */
function knownIssuer(p6: number, digits: number): boolean {
  const p1 = Math.floor(p6 / 100000);
  const p2 = Math.floor(p6 / 10000);
  const p3 = Math.floor(p6 / 1000);
  const p4 = Math.floor(p6 / 100);
  if (p1 === 4) return digits === 13 || digits === 16 || digits === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return digits === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return digits === 15; // American Express
  const long = digits >= 16;
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) return long; // Discover
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return digits >= 14; // Diners Club
  if (p4 >= 3528 && p4 <= 3589) return long; // JCB
  if (p2 === 62) return long; // UnionPay
  // Maestro issues 12-digit numbers too; below 13 too many ordinary numbers would pass.
  return p2 === 50 || (p2 >= 56 && p2 <= 69); // Maestro (13-19 digits here)
}

/** The first six digits from s, skipping one-character separators. */
function prefix6(s: number): number {
  let v = 0;
  for (let p = s, k = 0; k < 6; p++) {
    const c = at(p);
    if (isDigit(c)) {
      v = v * 10 + c - 48;
      k++;
    }
  }
  return v;
}

// The groups of a separated number, shared by the candidates that start at each of its
// groups: "4111 1111 1111 1111 …" is read once, not once per group. `chainLen` groups from
// chainStart[0], joined by `chainSep`; each with its end and Luhn sums.
const CHAIN = 5;
const chainStart = new Int32Array(CHAIN);
const chainEnd = new Int32Array(CHAIN);
const chainEven = new Int32Array(CHAIN);
const chainOdd = new Int32Array(CHAIN);
let chainLen = 0;
let chainSep = 0;

/** Appends the group starting at s (followed by the chain's separator or not); false if it is no group. */
function pushGroup(s: number): boolean {
  let even = 0;
  let odd = 0;
  let e = s;
  for (const lim = s + 7; e < lim; e++) {
    const d = at(e) - 48;
    if (d < 0 || d > 9) break;
    const t = odd + d;
    odd = even + dbl(d);
    even = t;
  }
  if (e === s || e - s > 6) return false;
  chainStart[chainLen] = s;
  chainEnd[chainLen] = e;
  chainEven[chainLen] = even;
  chainOdd[chainLen] = odd;
  chainLen++;
  return true;
}

/** Makes the chain start at the 4-digit group at s followed by `sep`, reusing what was read. */
function chain(s: number, sep: number): void {
  let j = 1;
  while (j < chainLen && chainStart[j] !== s) j++;
  if (chainSep === sep && j < chainLen) {
    // By hand: at most four elements, cheaper than four copyWithin calls.
    for (let i = j; i < chainLen; i++) {
      chainStart[i - j] = chainStart[i]!;
      chainEnd[i - j] = chainEnd[i]!;
      chainEven[i - j] = chainEven[i]!;
      chainOdd[i - j] = chainOdd[i]!;
    }
    chainLen -= j;
  } else {
    chainLen = 0;
    chainSep = sep;
    pushGroup(s);
  }
  while (chainLen < CHAIN) {
    const p = chainEnd[chainLen - 1]!;
    if (at(p) !== sep || !pushGroup(p + 1)) return;
  }
}

/** The run at s if the chain already holds it: its end, with its Luhn sum in `cachedEven`. */
function cachedRun(s: number): number {
  for (let j = 1; j < chainLen; j++) {
    if (chainStart[j] === s) {
      cachedEven = chainEven[j]!;
      return chainEnd[j]!;
    }
  }
  return -1;
}
let cachedEven = 0;

const groupLength = (k: number) => chainEnd[k]! - chainStart[k]!;

/**
 * Printed groupings: 4-4-4-4 with up to three more digits in a fifth group (16-19 digits),
 * 4-4-4-n (13-16), 4-6-5 (Amex) and 4-6-4 (Diners). `k` is the number of groups used.
 */
function cardShape(k: number): boolean {
  const g1 = groupLength(1);
  const g2 = groupLength(2);
  if (k === 3) return g1 === 6 && (g2 === 5 || g2 === 4);
  if (g1 !== 4 || g2 !== 4) return false;
  const g3 = groupLength(3);
  if (k === 4) return g3 >= 1 && g3 <= 4;
  const g4 = groupLength(4);
  return g3 === 4 && g4 >= 1 && g4 <= 3;
}

/** Cards starting at the run [s, e), whose Luhn sum (as a whole) is `even`. */
function cards(s: number, e: number, even: number, out: Hit[]): void {
  const first = at(s);
  if (first < 50 || first > 54) return; // issuers start with 2-6
  const n = e - s;
  if (n >= 13) {
    if (even % 10 === 0 && freeAfter(e) && knownIssuer(prefix6(s), n)) out.push({ kind: "card", start: s, end: e });
    return;
  }
  if (n !== 4) return;
  const sep = at(e);
  if (sep !== 32 && sep !== 45 && sep !== 46) return;
  chain(s, sep);
  for (let k = 3; k <= chainLen; k++) {
    if (!cardShape(k)) continue;
    // Luhn over groups 0..k-1: a group's sum depends on how many digits follow it.
    let sum = 0;
    let after = 0;
    for (let g = k - 1; g >= 0; g--) {
      sum += (after & 1) === 0 ? chainEven[g]! : chainOdd[g]!;
      after += groupLength(g);
    }
    const end = chainEnd[k - 1]!;
    if (sum % 10 === 0 && freeAfter(end) && knownIssuer(prefix6(s), after)) out.push({ kind: "card", start: s, end });
  }
}

// ---------------------------------------------------------------- social security numbers

/** Never issued: area 000, 666 or 900-999, group 00, serial 0000. */
const ssnIssued = (area: number, group: number, serial: number) => area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;

// Nine bare digits are as often an order, routing or ZIP+4 number; they are an SSN only right
// after a word that says so ("SSN", "SS#", "social"). The look-back stops at a digit, a bracket
// or a line break, so what lies between cue and number is never itself masked text, and
// masking stays idempotent.
const CUE = /(?:^|[^a-z])(?:ssn|ss|social)(?![a-z])/i;
const CUE_REACH = 40;

function ssnCue(s: number): boolean {
  const lim = Math.max(0, s - CUE_REACH);
  let p = s;
  while (p > lim) {
    const c = at(p - 1);
    if (isDigit(c) || c === 91 || c === 93 || c === 10 || c === 13) break;
    p--;
  }
  let w = text.slice(p, s);
  if (p === lim && isLetter(at(p - 1))) w = w.replace(/^[a-z]+/i, ""); // cut mid-word
  return CUE.test(w);
}

function ssns(s: number, e: number, out: Hit[]): void {
  const n = e - s;
  if (n === 9) {
    // Bare: not touching a dash either side, even one not followed by a digit.
    if (at(s - 1) === 45 || at(e) === 45 || !freeAfter(e)) return;
    if (ssnIssued(num(s, s + 3), num(s + 3, s + 5), num(s + 5, e)) && ssnCue(s)) out.push({ kind: "ssn", start: s, end: e });
    return;
  }
  if (n !== 3) return;
  const sep = at(e);
  if (sep !== 45 && sep !== 32) return;
  const g = runEnd(e + 1);
  if (g - e - 1 !== 2 || at(g) !== sep) return;
  const r = runEnd(g + 1);
  if (r - g - 1 !== 4 || !freeAfter(r)) return;
  if (ssnIssued(num(s, e), num(e + 1, g), num(g + 1, r))) out.push({ kind: "ssn", start: s, end: r });
}

// ---------------------------------------------------------------- birth dates

const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
/** Month by its first three letters (lower case), packed into one number. */
const BY_PREFIX = new Map(MONTH_NAMES.map((m, i) => [(m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2), i + 1]));

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function dayNumber(y: number, m: number, d: number): number {
  if (m <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Birth dates lie in [min, max], as day numbers. */
interface DateWindow {
  min: number;
  max: number;
}

// The window changes once a day; building it per message showed up in profiles.
let lastWindow: DateWindow = { min: 0, max: -1 };

function dateWindow(now: number): DateWindow {
  const today = Math.floor(now / 86_400_000);
  if (lastWindow.max !== today) {
    const t = new Date(now);
    lastWindow = { min: dayNumber(t.getUTCFullYear() - 120, t.getUTCMonth() + 1, t.getUTCDate()), max: today };
  }
  return lastWindow;
}

function validDate(y: number, m: number, d: number, w: DateWindow): boolean {
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  if (d > (m === 2 && leap(y) ? 29 : DAYS[m - 1]!)) return false;
  const day = dayNumber(y, m, d);
  return day >= w.min && day <= w.max;
}

// Results of the readers below; module-level so the hot path allocates nothing.
let month = 0;
let abbreviated = false;
let year = 0;

/** Whether [p, q) is a month name or abbreviation ("Sept" too), any case; sets month. */
function isMonth(p: number, q: number): boolean {
  const n = q - p;
  if (n < 3 || n > 9) return false;
  month = BY_PREFIX.get(((at(p) | 32) << 16) | ((at(p + 1) | 32) << 8) | (at(p + 2) | 32)) ?? 0;
  if (month === 0) return false;
  const name = MONTH_NAMES[month - 1]!;
  abbreviated = n === 3 || (n === 4 && month === 9 && (at(p + 3) | 32) === 116); // "sept"
  if (abbreviated) return true;
  if (n !== name.length) return false;
  for (let i = 3; i < n; i++) if ((at(p + i) | 32) !== name.charCodeAt(i)) return false;
  return true;
}

/** A month name (optionally "Mar.") starting at p; returns its end or -1. */
function monthAt(p: number, allowDot: boolean): number {
  let q = p;
  while (q < p + 10 && isLetter(at(q))) q++;
  if (isWordAt(q) || !isMonth(p, q)) return -1;
  return allowDot && abbreviated && at(q) === 46 ? q + 1 : q;
}

/** A month name ending at e ("Mar" or "Mar." then up to 3 blanks); returns its start or -1. */
function monthBefore(e: number): number {
  let p = e;
  while (p > e - 3 && isBlank(at(p - 1))) p--;
  if (p === e) return -1;
  const dot = at(p - 1) === 46;
  if (dot) p--;
  const we = p;
  while (p > we - 10 && isLetter(at(p - 1))) p--;
  if (p === we || isWordAt(p - 1) || !isMonth(p, we) || (dot && !abbreviated)) return -1;
  return p;
}

/** Skips an ordinal suffix ("4th", "1st") at p. */
function ordinal(p: number): number {
  const a = at(p) | 32;
  const b = at(p + 1) | 32;
  const ok = (a === 115 && b === 116) || (a === 110 && b === 100) || (a === 114 && b === 100) || (a === 116 && b === 104);
  return ok && !isWordAt(p + 2) ? p + 2 : p;
}

function blanks(p: number): number {
  const lim = p + 3;
  while (p < lim && isBlank(at(p))) p++;
  return p;
}

/** The end of ", " / " " then a four-digit year at p (sets year), or -1. */
function yearAfter(p: number): number {
  let q = p;
  if (at(q) === 44) q = blanks(q + 1);
  else {
    q = blanks(q);
    if (q === p) return -1;
  }
  const e = runEnd(q);
  if (e - q !== 4 || !freeAfter(e) || timeFollows(e)) return -1;
  year = num(q, e);
  return e;
}

/**
 * Dates whose first run is the 1-2 digit day or month at [s, e); `before` and `before2` are the
 * two characters in front of it.
 */
function shortRunDates(s: number, e: number, before: number, before2: number, free: boolean, w: DateWindow, out: Hit[]): void {
  const a = num(s, e);
  // "March 4, 1985", "Mar. 4th 1985": the month comes first, the match starts at it.
  if (isBlank(before) && (isLetter(before2) || isBlank(before2) || before2 === 46)) {
    const ms = monthBefore(s);
    if (ms >= 0) {
      const m = month;
      const ye = yearAfter(ordinal(e));
      if (ye >= 0 && validDate(year, m, a, w)) out.push({ kind: "dob", start: ms, end: ye });
    }
  }
  if (!free) return;
  const sep = at(e);
  if (sep === 47 || sep === 45 || sep === 46) {
    // 03/04/1985, 4.3.1985, 03-04-1985: month and day in either order.
    const q1 = runEnd(e + 1);
    const l1 = q1 - e - 1;
    if (l1 >= 1 && l1 <= 2 && at(q1) === sep) {
      const q2 = runEnd(q1 + 1);
      if (q2 - q1 - 1 === 4 && freeAfter(q2) && !timeFollows(q2)) {
        const b = num(e + 1, q1);
        const y = num(q1 + 1, q2);
        if (validDate(y, a, b, w) || validDate(y, b, a, w)) out.push({ kind: "dob", start: s, end: q2 });
      }
    }
    // 04-Mar-1985
    if (sep === 45 && isLetter(at(e + 1))) {
      const me = monthAt(e + 1, false);
      if (me >= 0 && at(me) === 45) {
        const m = month;
        const ye = runEnd(me + 1);
        if (ye - me - 1 === 4 && freeAfter(ye) && !timeFollows(ye) && validDate(num(me + 1, ye), m, a, w)) {
          out.push({ kind: "dob", start: s, end: ye });
        }
      }
    }
    return;
  }
  // "4 March 1985", "4th of March, 1985", "4 Sept. 1985"
  if (!isLetter(sep) && !(isBlank(sep) && (isLetter(at(e + 1)) || isBlank(at(e + 1))))) return;
  let p = ordinal(e);
  const b1 = blanks(p);
  if (b1 === p || !isLetter(at(b1))) return;
  p = b1;
  if ((at(p) | 32) === 111 && (at(p + 1) | 32) === 102 && isBlank(at(p + 2))) p = blanks(p + 2);
  const me = monthAt(p, true);
  if (me < 0) return;
  const m = month;
  const ye = yearAfter(me);
  if (ye >= 0 && validDate(year, m, a, w)) out.push({ kind: "dob", start: s, end: ye });
}

/** Dates whose first run is the year at [s, e): 1985-03-04, 1985/03/04, 1985-Mar-04. */
function yearFirstDates(s: number, e: number, w: DateWindow, out: Hit[]): void {
  const sep = at(e);
  if (sep !== 45 && sep !== 47) return;
  const y = num(s, e);
  const q1 = runEnd(e + 1);
  const l1 = q1 - e - 1;
  let m: number;
  let q: number;
  if (l1 >= 1 && l1 <= 2) {
    m = num(e + 1, q1);
    q = q1;
  } else if (l1 === 0 && sep === 45) {
    q = monthAt(e + 1, false);
    m = month;
    if (q < 0) return;
  } else return;
  if (at(q) !== sep) return;
  const q2 = runEnd(q + 1);
  const l2 = q2 - q - 1;
  if (l2 < 1 || l2 > 2 || !freeAfter(q2) || timeFollows(q2)) return;
  if (validDate(y, m, num(q + 1, q2), w)) out.push({ kind: "dob", start: s, end: q2 });
}

// ---------------------------------------------------------------- the scan

const DIGIT = /[0-9]/g;
/** How far to look for the next digit before handing the search to the regex engine. */
const NEAR = 8;

/**
 * Every candidate match, unsorted and possibly overlapping; the caller keeps the earliest, then
 * the longest. Positions are UTF-16 offsets into `t`.
 */
export function detect(t: string, o: DetectOptions): Hit[] {
  const out: Hit[] = [];
  text = t;
  len = t.length;
  chainLen = 0;
  try {
    scan(o, out);
  } finally {
    text = ""; // keep no reference to the message
    len = 0;
  }
  return out;
}

function scan(o: DetectOptions, out: Hit[]): void {
  const w = o.birthDates ? dateWindow(o.now) : null;
  let p = 0;
  for (;;) {
    // The next digit: a few characters by hand (digits cluster), then the regex engine, which
    // skips prose several times faster but costs more to call.
    let s = -1;
    for (const lim = Math.min(p + NEAR, len); p < lim; p++) {
      if (digitAt(p)) {
        s = p;
        break;
      }
    }
    if (s < 0) {
      if (p >= len) return;
      DIGIT.lastIndex = p;
      if (!DIGIT.test(text)) return;
      s = DIGIT.lastIndex - 1;
    }
    // Read the run (at most 20 digits), with its Luhn sum; a card group may have been read already.
    let e = cachedRun(s);
    let even = cachedEven;
    if (e < 0) {
      e = s;
      even = 0;
      let odd = 0;
      for (const lim = s + MAX_RUN; e < lim; e++) {
        const d = at(e) - 48;
        if (d < 0 || d > 9) break;
        const t = odd + d;
        odd = even + dbl(d);
        even = t;
      }
    }
    if (digitAt(e)) {
      // Longer than 19: never part of a match.
      while (digitAt(e)) e++;
      p = e;
      continue;
    }
    p = e;
    const n = e - s;
    const before = at(s - 1);
    const before2 = at(s - 2);
    // Free: nothing on the left continues the token (a word character, a joiner after a digit).
    const free = !isWordCode(before) && !(isJoiner(before) && isDigit(before2));
    if (free && o.cards) cards(s, e, even, out);
    if (free && o.ssn) ssns(s, e, out);
    if (w && n <= 2) shortRunDates(s, e, before, before2, free, w, out);
    if (w && free && n === 4) yearFirstDates(s, e, w, out);
  }
}
