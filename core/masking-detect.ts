/**
 * The built-in detectors (payment cards, US Social Security numbers, birth dates) as one
 * left-to-right scan. Every match contains digits, so the scan jumps from digit run to digit run
 * and looks only a bounded distance around each: no regular expression runs over the text, and
 * the cost is linear in its length whatever it holds.
 *
 * Vocabulary: a *run* is a maximal sequence of ASCII digits. A run longer than 19 is never part
 * of a match, and a match always consists of whole runs, so masking never splits a number.
 * Runs joined by "-", ".", "/" or ":" belong together: a match must not continue that way into
 * more digits ("4111-1111-1111-1111-1111" is one 20-digit identifier, not a card). A single
 * space is weaker, since it also separates words: a card followed by " 12 28 123" (expiry and
 * CVV) is still a card.
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

const isDigit = (c: number) => c >= 48 && c <= 57; // false for NaN, i.e. outside the text
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isJoiner = (c: number) => c === 45 || c === 46 || c === 47 || c === 58;
const isBlank = (c: number) => c === 32 || c === 9 || c === 0xa0;

const WIDE_WORD = /[\p{L}\p{N}\p{M}]/u;
/** A letter, digit or underscore (any script) at p; false outside the text. */
function isWordAt(t: string, p: number): boolean {
  const c = t.charCodeAt(p);
  if (c < 128) return isLetter(c) || isDigit(c) || c === 95;
  return c === c && WIDE_WORD.test(t[p]!);
}

/** End of the digit run at p, read at most MAX_RUN far: longer runs are never used. */
function runEnd(t: string, p: number): number {
  const lim = Math.min(t.length, p + MAX_RUN);
  while (p < lim && isDigit(t.charCodeAt(p))) p++;
  return p;
}

/** Nothing on the left of s continues the token: no word character, no joiner after a digit. */
function freeBefore(t: string, s: number): boolean {
  if (isWordAt(t, s - 1)) return false;
  return !(isJoiner(t.charCodeAt(s - 1)) && isDigit(t.charCodeAt(s - 2)));
}

function freeAfter(t: string, e: number): boolean {
  if (isWordAt(t, e)) return false;
  return !(isJoiner(t.charCodeAt(e)) && isDigit(t.charCodeAt(e + 1)));
}

/** A time of day follows ("2024-05-06 10:20"): the date is a timestamp, not a birth date. */
function timeFollows(t: string, e: number): boolean {
  if (t.charCodeAt(e) !== 32) return false;
  let p = e + 1;
  if (!isDigit(t.charCodeAt(p))) return false;
  p++;
  if (isDigit(t.charCodeAt(p))) p++;
  return t.charCodeAt(p) === 58;
}

function num(t: string, s: number, e: number): number {
  let v = 0;
  for (let p = s; p < e; p++) v = v * 10 + t.charCodeAt(p) - 48;
  return v;
}

// ---------------------------------------------------------------- cards

/** Issuer ranges and lengths. Prefixes are read from the first six digits. */
function knownIssuer(p6: number, len: number): boolean {
  const p1 = Math.floor(p6 / 100000);
  const p2 = Math.floor(p6 / 10000);
  const p3 = Math.floor(p6 / 1000);
  const p4 = Math.floor(p6 / 100);
  if (p1 === 4) return len === 13 || len === 16 || len === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return len === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return len === 15; // American Express
  const long = len >= 16;
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) return long; // Discover
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return len >= 14; // Diners Club
  if (p4 >= 3528 && p4 <= 3589) return long; // JCB
  if (p2 === 62) return long; // UnionPay
  // Maestro issues 12-digit numbers too; below 13 too many ordinary numbers would pass.
  return p2 === 50 || (p2 >= 56 && p2 <= 69); // Maestro (len is 13-19 here)
}

/** Digits of t[s, e) (separators skipped) pass Luhn, have 13-19 digits and a known issuer. */
function isCard(t: string, s: number, e: number): boolean {
  let len = 0;
  let p6 = 0;
  for (let p = s; p < e; p++) {
    const c = t.charCodeAt(p);
    if (!isDigit(c)) continue;
    if (len < 6) p6 = p6 * 10 + c - 48;
    len++;
  }
  if (len < 13 || len > 19) return false;
  let sum = 0;
  let double = false;
  for (let p = e - 1; p >= s; p--) {
    const c = t.charCodeAt(p);
    if (!isDigit(c)) continue;
    let d = c - 48;
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
    double = !double;
  }
  return sum % 10 === 0 && knownIssuer(p6, len);
}

// Group lengths and ends of a separated card candidate; module-level so the hot path allocates nothing.
const groupLen = new Int32Array(5);
const groupEnd = new Int32Array(5);

/**
 * Printed groupings: 4-4-4-4 with up to three more digits in a fifth group (16-19 digits),
 * 4-4-4-n (13-16), 4-6-5 (Amex) and 4-6-4 (Diners). `k` is the number of groups used.
 */
function cardShape(k: number): boolean {
  const g1 = groupLen[1]!;
  const g2 = groupLen[2]!;
  if (k === 3) return g1 === 6 && (g2 === 5 || g2 === 4);
  if (g1 !== 4 || g2 !== 4) return false;
  const g3 = groupLen[3]!;
  if (k === 4) return g3 >= 1 && g3 <= 4;
  const g4 = groupLen[4]!;
  return g3 === 4 && g4 >= 1 && g4 <= 3;
}

function cards(t: string, s: number, e: number, out: Hit[]): void {
  const first = t.charCodeAt(s);
  if (first < 50 || first > 54) return; // issuers start with 2-6
  const len = e - s;
  if (len >= 13 && len <= 19) {
    if (freeAfter(t, e) && isCard(t, s, e)) out.push({ kind: "card", start: s, end: e });
    return;
  }
  if (len !== 4) return;
  const sep = t.charCodeAt(e);
  if (sep !== 32 && sep !== 45 && sep !== 46) return;
  groupLen[0] = 4;
  groupEnd[0] = e;
  let k = 1;
  let p = e;
  while (k < 5 && t.charCodeAt(p) === sep) {
    const q = runEnd(t, p + 1);
    const l = q - p - 1;
    if (l === 0 || l > 6) break;
    groupLen[k] = l;
    groupEnd[k] = q;
    k++;
    p = q;
  }
  for (let used = 3; used <= k; used++) {
    const end = groupEnd[used - 1]!;
    if (cardShape(used) && freeAfter(t, end) && isCard(t, s, end)) out.push({ kind: "card", start: s, end });
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

function ssnCue(t: string, s: number): boolean {
  const lim = Math.max(0, s - CUE_REACH);
  let p = s;
  while (p > lim) {
    const c = t.charCodeAt(p - 1);
    if (isDigit(c) || c === 91 || c === 93 || c === 10 || c === 13) break;
    p--;
  }
  let w = t.slice(p, s);
  if (p === lim && isLetter(t.charCodeAt(p - 1))) w = w.replace(/^[a-z]+/i, ""); // cut mid-word
  return CUE.test(w);
}

function ssns(t: string, s: number, e: number, out: Hit[]): void {
  const len = e - s;
  if (len === 9) {
    // Bare: not touching a dash either side, even one not followed by a digit.
    if (t.charCodeAt(s - 1) === 45 || t.charCodeAt(e) === 45 || !freeAfter(t, e)) return;
    if (ssnIssued(num(t, s, s + 3), num(t, s + 3, s + 5), num(t, s + 5, e)) && ssnCue(t, s)) out.push({ kind: "ssn", start: s, end: e });
    return;
  }
  if (len !== 3) return;
  const sep = t.charCodeAt(e);
  if (sep !== 45 && sep !== 32) return;
  const g = runEnd(t, e + 1);
  if (g - e - 1 !== 2 || t.charCodeAt(g) !== sep) return;
  const r = runEnd(t, g + 1);
  if (r - g - 1 !== 4 || !freeAfter(t, r)) return;
  if (ssnIssued(num(t, s, e), num(t, e + 1, g), num(t, g + 1, r))) out.push({ kind: "ssn", start: s, end: r });
}

// ---------------------------------------------------------------- birth dates

const MONTHS = new Map<string, number>();
const ABBREVIATIONS = new Set<string>();
["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].forEach((m, i) => {
  MONTHS.set(m, i + 1);
  MONTHS.set(m.slice(0, 3), i + 1);
  ABBREVIATIONS.add(m.slice(0, 3));
});
MONTHS.set("sept", 9);
ABBREVIATIONS.add("sept");

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

interface DateWindow {
  min: number;
  max: number;
}

function validDate(y: number, m: number, d: number, w: DateWindow): boolean {
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  if (d > (m === 2 && leap(y) ? 29 : DAYS[m - 1]!)) return false;
  const at = Date.UTC(y, m - 1, d);
  return at >= w.min && at <= w.max;
}

// Results of the month and year readers below; module-level so the hot path allocates nothing.
let month = 0;
let year = 0;

/** A month name or abbreviation (optionally "Mar.") starting at p; returns its end or -1. */
function monthAt(t: string, p: number, allowDot: boolean): number {
  let q = p;
  while (q < p + 10 && isLetter(t.charCodeAt(q))) q++;
  if (q === p || isWordAt(t, q)) return -1;
  const word = t.slice(p, q).toLowerCase();
  month = MONTHS.get(word) ?? 0;
  if (month === 0) return -1;
  if (allowDot && t.charCodeAt(q) === 46 && ABBREVIATIONS.has(word)) q++;
  return q;
}

/** A month name ending at e ("Mar" or "Mar." then blanks up to e); returns its start or -1. */
function monthBefore(t: string, e: number): number {
  let p = e;
  while (p > e - 3 && isBlank(t.charCodeAt(p - 1))) p--;
  if (p === e) return -1;
  const dot = t.charCodeAt(p - 1) === 46;
  if (dot) p--;
  const we = p;
  while (p > we - 10 && isLetter(t.charCodeAt(p - 1))) p--;
  if (p === we || isWordAt(t, p - 1)) return -1;
  const word = t.slice(p, we).toLowerCase();
  month = MONTHS.get(word) ?? 0;
  if (month === 0 || (dot && !ABBREVIATIONS.has(word))) return -1;
  return p;
}

/** Skips an ordinal suffix ("4th", "1st") at p. */
function ordinal(t: string, p: number): number {
  const a = t.charCodeAt(p) | 32;
  const b = t.charCodeAt(p + 1) | 32;
  const ok = (a === 115 && b === 116) || (a === 110 && b === 100) || (a === 114 && b === 100) || (a === 116 && b === 104);
  return ok && !isWordAt(t, p + 2) ? p + 2 : p;
}

function blanks(t: string, p: number): number {
  const lim = p + 3;
  while (p < lim && isBlank(t.charCodeAt(p))) p++;
  return p;
}

/** The end of ", " / " " then a four-digit year at p, or -1. */
function yearAfter(t: string, p: number): number {
  let q = p;
  if (t.charCodeAt(q) === 44) q = blanks(t, q + 1);
  else {
    q = blanks(t, q);
    if (q === p) return -1;
  }
  const e = runEnd(t, q);
  if (e - q !== 4 || !freeAfter(t, e) || timeFollows(t, e)) return -1;
  year = num(t, q, e);
  return e;
}

/** Dates whose first run is the 1-2 digit day or month at [s, e). */
function shortRunDates(t: string, s: number, e: number, free: boolean, w: DateWindow, out: Hit[]): void {
  const a = num(t, s, e);
  // "March 4, 1985", "Mar. 4th 1985": the month comes first, the match starts at it.
  const ms = monthBefore(t, s);
  if (ms >= 0 && (ms === 0 || !isWordAt(t, ms - 1))) {
    const m = month;
    const ye = yearAfter(t, ordinal(t, e));
    if (ye >= 0 && validDate(year, m, a, w)) out.push({ kind: "dob", start: ms, end: ye });
  }
  if (!free) return;
  const sep = t.charCodeAt(e);
  if (sep === 47 || sep === 45 || sep === 46) {
    // 03/04/1985, 4.3.1985, 03-04-1985: month and day in either order.
    const q1 = runEnd(t, e + 1);
    const l1 = q1 - e - 1;
    if (l1 >= 1 && l1 <= 2 && t.charCodeAt(q1) === sep) {
      const q2 = runEnd(t, q1 + 1);
      if (q2 - q1 - 1 === 4 && freeAfter(t, q2) && !timeFollows(t, q2)) {
        const b = num(t, e + 1, q1);
        const y = num(t, q1 + 1, q2);
        if (validDate(y, a, b, w) || validDate(y, b, a, w)) out.push({ kind: "dob", start: s, end: q2 });
      }
    }
    // 04-Mar-1985
    if (sep === 45) {
      const me = monthAt(t, e + 1, false);
      if (me >= 0 && t.charCodeAt(me) === 45) {
        const m = month;
        const ye = runEnd(t, me + 1);
        if (ye - me - 1 === 4 && freeAfter(t, ye) && !timeFollows(t, ye) && validDate(num(t, me + 1, ye), m, a, w)) {
          out.push({ kind: "dob", start: s, end: ye });
        }
      }
    }
    return;
  }
  // "4 March 1985", "4th of March, 1985", "4 Sept. 1985"
  let p = ordinal(t, e);
  const b1 = blanks(t, p);
  if (b1 === p) return;
  p = b1;
  if ((t.charCodeAt(p) | 32) === 111 && (t.charCodeAt(p + 1) | 32) === 102 && isBlank(t.charCodeAt(p + 2))) p = blanks(t, p + 2);
  const me = monthAt(t, p, true);
  if (me < 0) return;
  const m = month;
  const ye = yearAfter(t, me);
  if (ye >= 0 && validDate(year, m, a, w)) out.push({ kind: "dob", start: s, end: ye });
}

/** Dates whose first run is the year at [s, e): 1985-03-04, 1985/03/04, 1985-Mar-04. */
function yearFirstDates(t: string, s: number, e: number, w: DateWindow, out: Hit[]): void {
  const sep = t.charCodeAt(e);
  if (sep !== 45 && sep !== 47) return;
  const y = num(t, s, e);
  const q1 = runEnd(t, e + 1);
  const l1 = q1 - e - 1;
  let m: number;
  let q: number;
  if (l1 >= 1 && l1 <= 2) {
    m = num(t, e + 1, q1);
    q = q1;
  } else if (l1 === 0 && sep === 45) {
    q = monthAt(t, e + 1, false);
    m = month;
    if (q < 0) return;
  } else return;
  if (t.charCodeAt(q) !== sep) return;
  const q2 = runEnd(t, q + 1);
  const l2 = q2 - q - 1;
  if (l2 < 1 || l2 > 2 || !freeAfter(t, q2) || timeFollows(t, q2)) return;
  if (validDate(y, m, num(t, q + 1, q2), w)) out.push({ kind: "dob", start: s, end: q2 });
}

// ---------------------------------------------------------------- the scan

/**
 * Every candidate match, unsorted and possibly overlapping; the caller keeps the earliest, then
 * longest. Positions are UTF-16 offsets into `t`.
 */
export function detect(t: string, o: DetectOptions): Hit[] {
  const out: Hit[] = [];
  const n = t.length;
  let w: DateWindow | null = null;
  if (o.birthDates) {
    const now = new Date(o.now);
    w = { min: Date.UTC(now.getUTCFullYear() - 120, now.getUTCMonth(), now.getUTCDate()), max: o.now };
  }
  let i = 0;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c > 57 || c < 48) {
      i++;
      continue;
    }
    let e = i + 1;
    while (e < n && isDigit(t.charCodeAt(e))) e++;
    const len = e - i;
    if (len <= 19) {
      const free = freeBefore(t, i);
      if (free && o.cards) cards(t, i, e, out);
      if (free && o.ssn) ssns(t, i, e, out);
      if (w && len <= 2) shortRunDates(t, i, e, free, w, out);
      if (w && free && len === 4) yearFirstDates(t, i, e, w, out);
    }
    i = e;
  }
  return out;
}
