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
 * Speed notes (measured in V8 on digit-dense text, where every few characters start a run):
 * - The text is copied once into a byte array (`load`; one native call for ASCII) and the
 *   helpers read that: a typed-array read costs a fraction of a charCodeAt call, which must first
 *   work out how the string is stored, and the helpers read around every run.
 * - Prose is skipped four characters at a time (`nextDigit`).
 * - Only runs of 1-4, 9 and 13 or more digits can begin a match; the others cost nothing beyond
 *   being read, and each shape is tried only when the characters around the run allow it.
 * - A run is read once, with its Luhn sums. A printed card is checked when its last group
 *   arrives, from totals kept for the groups before it, so no group is read again however many
 *   cards could contain it (`addGroup`).
 * - Dates look for their year before the month name: a number next to a word is the common miss.
 * - The hot path allocates nothing: readers return positions and leave other results in module
 *   variables.
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

// The text being scanned, and `codes`, its UTF-16 code units one byte each: code units above
// 0xFF are stored as 0xFF, which compares equal to nothing the detectors look for; the one test
// that cares about them (is it a letter of another script?) reads `text`. Module state keeps the
// helpers small; the scan never re-enters and drops the reference to the text when done.
let text = "";
let len = 0;
let codes = new Uint8Array(1 << 14);
/** The same bytes four at a time, for skipping to the next digit (see nextDigit). */
let words = new Uint32Array(codes.buffer);
const encoder = new TextEncoder();
/** A larger buffer is dropped after the scan, so one long transcript does not pin its size. */
const KEEP_BYTES = 1 << 16;

/** The end of the bytes an earlier text left in `codes` (see load). */
let dirty = 0;

function load(t: string): void {
  text = t;
  len = t.length;
  if (codes.length < len) setBuffer(len);
  // Chat text is nearly always ASCII, whose UTF-8 bytes are its code units: one native call
  // copies it. Anything else shows in the counts (a non-ASCII character takes 2-3 bytes) and is
  // copied by hand.
  const r = encoder.encodeInto(t, codes);
  if (r.read !== len || r.written !== len) {
    for (let i = 0; i < len; i++) {
      const c = t.charCodeAt(i);
      codes[i] = c > 0xff ? 0xff : c;
    }
  }
  // Every byte after the text stays 0 (see `at`): clear what was written there before.
  const end = Math.max(dirty, r.written);
  if (end > len) codes.fill(0, len, end);
  dirty = len;
}

function setBuffer(size: number): void {
  codes = new Uint8Array((size + 3) & ~3); // whole words
  words = new Uint32Array(codes.buffer);
  dirty = 0;
}

/**
 * The code unit at p (0xFF for anything above it), or 0 outside the text, without testing p:
 * below 0 or past the buffer a typed array reads undefined, which `| 0` makes 0, and the buffer
 * is 0 after the text. The helpers read around every run, so this is the hottest line.
 */
const at = (p: number): number => codes[p]! | 0;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isJoiner = (c: number) => c === 45 || c === 46 || c === 47 || c === 58;
const isBlank = (c: number) => c === 32 || c === 9 || c === 0xa0;
const digitAt = (p: number) => isDigit(at(p));

const isAsciiWord = (c: number) => isLetter(c) || isDigit(c) || c === 95;
const WIDE_WORD = /[\p{L}\p{N}\p{M}]/u;
/** A letter, digit or underscore, in any script, at p; false outside the text. */
function isWordAt(p: number): boolean {
  const c = at(p);
  return c < 128 ? isAsciiWord(c) : WIDE_WORD.test(text[p]!);
}

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

/**
 * Whether a date can end at e: nothing continues the token (see freeAfter), and no time of day
 * follows ("2024-05-06 10:20" is a timestamp, not a birth date).
 */
function dateEndsAt(e: number): boolean {
  const a = at(e);
  if (a < 128 ? isAsciiWord(a) : isWordAt(e)) return false;
  const b = at(e + 1);
  if (!isDigit(b)) return true;
  if (isJoiner(a)) return false;
  return !(a === 32 && at(isDigit(at(e + 2)) ? e + 3 : e + 2) === 58);
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
  if (digits < 13 || digits > 19) return false;
  // Integer division (p6 < 10^6): no floating point.
  const p1 = (p6 / 100000) | 0;
  const p2 = (p6 / 10000) | 0;
  const p3 = (p6 / 1000) | 0;
  const p4 = (p6 / 100) | 0;
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

/** Issuers' numbers start with 2-6: most runs are ruled out by their first digit. */
const issuerDigit = (c: number) => c >= 50 && c <= 54;

function card(s: number, e: number, luhn: number, digits: number, out: Hit[]): void {
  if (luhn % 10 === 0 && freeAfter(e) && knownIssuer(prefix6(s), digits)) out.push({ kind: "card", start: s, end: e });
}

/** A card written without separators: the run [s, e), whose Luhn sum (as a whole) is `even`. */
function plainCard(s: number, e: number, even: number, out: Hit[]): void {
  if (issuerDigit(at(s))) card(s, e, even, e - s, out);
}

// Cards printed in groups: 4-4-4-4 with up to three more digits in a fifth group (16-19
// digits), 4-4-4-n (13-16), 4-6-5 (Amex) and 4-6-4 (Diners), the groups joined by one separator,
// the same throughout (" ", "-" or "."). The scan hands `addGroup` the runs that can matter: a
// run of four that can begin a card (free, an issuer's first digit), and any run of 1-6 while a
// chain of groups is open. A card is checked when its last group arrives, from what the chain
// keeps about the groups before it, so no group is read twice however many cards could hold it.
//
// Only groups of four or six digits are followed by more, so every group but a card's last has
// an even number of digits: the digits after each of them have the parity of the last group's
// length, and all of them count in the Luhn sum with the same one of their two sums (see dbl).
// The chain therefore keeps running totals of both, and each group the totals before it.
const RING = 8; // a power of two, more than the four groups before a card's last
const MASK = RING - 1;
/** Per group of the chain, by ring slot: its start if it can begin a card, else -1... */
const ringStart = new Int32Array(RING);
/** ...and the chain's Luhn totals (mod 10) before it. */
const ringEven = new Int32Array(RING);
const ringOdd = new Int32Array(RING);
/** Groups in the chain (0: none open), the separator joining them, and where the last ends. */
let chainLen = 0;
let chainSep = 0;
let chainEnd = 0;
/** Ring slot of the last group, and how many groups back the latest that can begin a card is. */
let head = 0;
let sinceFirst = 0;
/** Totals (mod 10) of the groups' `even` and `odd` sums. */
let chainEven = 0;
let chainOdd = 0;
/** The lengths of the last four groups, a bit each (1: six digits, 0: four), the last in bit 0. */
let sixes = 0;

/**
 * Adds the run [s, e) of 1-6 digits (Luhn sums even, odd; `first`: it can begin a card) to the
 * chain, checks the cards that end with it, and keeps the chain open only while a card can still
 * begin in it.
 */
function addGroup(s: number, e: number, even: number, odd: number, first: boolean, out: Hit[]): void {
  const digits = e - s;
  const sep = at(s - 1);
  // Joined to the chain: right after its last group, by the chain's separator (any, if the chain
  // has one group). A different separator ends the chain, but its last group can begin the next.
  let linked = chainLen;
  if (chainLen === 0 || chainEnd !== s - 1 || !(sep === 32 || sep === 45 || sep === 46)) linked = 0;
  else if (chainLen > 1 && sep !== chainSep) linked = 1;
  // Cards that end here: with this run they have linked + 1 groups.
  if (linked >= 2) {
    if ((sixes & 1) === 1) {
      if ((digits === 4 || digits === 5) && (sixes & 2) === 0) chainCard(2, e, even, digits, 10 + digits, out); // 4-6-4, 4-6-5
    } else if (linked >= 3 && digits <= 4 && (sixes & 7) === 0) {
      chainCard(3, e, even, digits, 12 + digits, out); // 4-4-4-n
      if (linked >= 4 && digits <= 3 && (sixes & 15) === 0) chainCard(4, e, even, digits, 16 + digits, out); // 4-4-4-4-n
    }
  }
  // Kept only while a card can begin in the last four groups (a card has at most five).
  let since = 4;
  if (first) since = 0;
  else if (linked === 1) since = ringStart[head]! >= 0 ? 1 : 4;
  else if (linked > 1) since = sinceFirst + 1;
  if ((digits !== 4 && digits !== 6) || since >= 4) {
    chainLen = 0;
    return;
  }
  if (linked === 0) {
    chainEven = 0;
    chainOdd = 0;
  }
  head = (head + 1) & MASK;
  ringStart[head] = first ? s : -1;
  ringEven[head] = chainEven;
  ringOdd[head] = chainOdd;
  chainEven = (chainEven + even) % 10;
  chainOdd = (chainOdd + odd) % 10;
  sixes = ((sixes << 1) | (digits === 6 ? 1 : 0)) & 15;
  chainLen = linked + 1;
  chainSep = sep;
  chainEnd = e;
  sinceFirst = since;
}

/**
 * The card of `digits` digits made of the chain's last `back` groups and a last group ending at
 * e, `last` digits long with Luhn sum `even`.
 */
function chainCard(back: number, e: number, even: number, last: number, digits: number, out: Hit[]): void {
  const f = (head - back + 1) & MASK;
  const s = ringStart[f]!;
  if (s < 0) return;
  const before = (last & 1) === 0 ? chainEven - ringEven[f]! : chainOdd - ringOdd[f]!;
  card(s, e, even + before, digits, out);
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

/** Nine bare digits at [s, e), after a cue; not touching a dash either side, even one not followed by a digit. */
function bareSsn(s: number, e: number, out: Hit[]): void {
  if (at(s - 1) === 45 || at(e) === 45 || !freeAfter(e)) return;
  if (ssnIssued(num(s, s + 3), num(s + 3, s + 5), num(s + 5, e)) && ssnCue(s)) out.push({ kind: "ssn", start: s, end: e });
}

/** "078-05-1120" or "078 05 1120", starting with the three-digit run [s, e). */
function groupedSsn(s: number, e: number, out: Hit[]): void {
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
/** A key for three ASCII letters, the same in any case ("a" & 31 === "A" & 31). */
const prefixKey = (a: number, b: number, c: number) => ((a & 31) << 10) | ((b & 31) << 5) | (c & 31);
/** Month (1-12) by the key of its first three letters; a table read instead of a hash lookup. */
const BY_PREFIX = new Uint8Array(1 << 15);
MONTH_NAMES.forEach((m, i) => (BY_PREFIX[prefixKey(m.charCodeAt(0), m.charCodeAt(1), m.charCodeAt(2))] = i + 1));

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** A date as the number yyyymmdd: valid dates compare like the days they are. */
const packDate = (y: number, m: number, d: number) => y * 10000 + m * 100 + d;

/** Birth dates lie in [min, max] (packed dates); `day` is the day (since 1970) it was made for. */
interface DateWindow {
  day: number;
  min: number;
  max: number;
}

// The window changes once a day; building it per message showed up in profiles.
let lastWindow: DateWindow = { day: NaN, min: 0, max: -1 };

function dateWindow(now: number): DateWindow {
  const day = Math.floor(now / 86_400_000);
  if (lastWindow.day !== day) {
    const t = new Date(now);
    const y = t.getUTCFullYear();
    const m = t.getUTCMonth() + 1;
    const d = t.getUTCDate();
    // 120 years back; from 29 February that is 1 March when the year had no 29 February.
    const min = m === 2 && d === 29 && !leap(y - 120) ? packDate(y - 120, 3, 1) : packDate(y - 120, m, d);
    lastWindow = { day, min, max: packDate(y, m, d) };
  }
  return lastWindow;
}

function validDate(y: number, m: number, d: number, w: DateWindow): boolean {
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  if (d > (m === 2 && leap(y) ? 29 : DAYS[m - 1]!)) return false;
  const date = packDate(y, m, d);
  return date >= w.min && date <= w.max;
}

// Results of the readers below; module-level so the hot path allocates nothing.
let month = 0;
let abbreviated = false;
let year = 0;

/**
 * Whether the letters [p, q), the first three a, b, c (passed in: the callers have read them), are
 * a month name or abbreviation ("Sept" too), any case; sets month and abbreviated.
 */
function isMonth(p: number, q: number, a: number, b: number, c: number): boolean {
  const n = q - p;
  if (n < 3 || n > 9) return false;
  month = BY_PREFIX[prefixKey(a, b, c)]!;
  if (month === 0) return false;
  const name = MONTH_NAMES[month - 1]!;
  abbreviated = n === 3 || (n === 4 && month === 9 && (at(p + 3) | 32) === 116); // "sept"
  if (abbreviated) return true;
  if (n !== name.length) return false;
  for (let i = 3; i < n; i++) if ((at(p + i) | 32) !== name.charCodeAt(i)) return false;
  return true;
}

/** A month name starting at p; returns its end or -1. */
function monthAt(p: number): number {
  const a = at(p);
  const b = at(p + 1);
  const c = at(p + 2);
  if (!isLetter(a) || !isLetter(b) || !isLetter(c)) return -1;
  let q = p + 3;
  while (q < p + 10 && isLetter(at(q))) q++;
  return isWordAt(q) || !isMonth(p, q, a, b, c) ? -1 : q;
}

/** A month name ending at e ("Mar" or "Mar." then up to 3 blanks); returns its start or -1. */
function monthBefore(e: number): number {
  let p = e;
  while (p > e - 3 && isBlank(at(p - 1))) p--;
  if (p === e) return -1;
  const dot = at(p - 1) === 46;
  if (dot) p--;
  const we = p;
  // Back over the letters (at most 10), keeping the last three read: the word's first three.
  let a = 0;
  let b = 0;
  let c = 0;
  let ch = 0;
  for (; p > we - 10; p--) {
    ch = at(p - 1);
    if (!isLetter(ch)) break;
    c = b;
    b = a;
    a = ch;
  }
  // ch: the character before the word (or, after ten letters, the tenth: no month is that long).
  if (p === we || (ch < 128 ? isAsciiWord(ch) : isWordAt(p - 1)) || !isMonth(p, we, a, b, c) || (dot && !abbreviated)) return -1;
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
  // Exactly four digits: read at most five, adding up the value on the way.
  let e = q;
  let v = 0;
  for (; e < q + 5; e++) {
    const d = at(e) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  if (e - q !== 4 || !dateEndsAt(e)) return -1;
  year = v;
  return e;
}

// Dates whose first run is the 1-2 digit day or month at [s, e). The scan calls each reader only
// when the characters around the run allow its shape (see `scan`). Those with a month name look
// for the year first: a day next to a word but with no year is the common miss, and the year
// takes fewer reads to rule out.

/** "March 4, 1985", "Mar. 4th 1985": the month comes first, and the match starts at it. */
function monthFirstDate(s: number, e: number, w: DateWindow, out: Hit[]): void {
  const ye = yearAfter(ordinal(e));
  if (ye < 0) return;
  const ms = monthBefore(s);
  if (ms >= 0 && validDate(year, month, num(s, e), w)) out.push({ kind: "dob", start: ms, end: ye });
}

/** 03/04/1985, 4.3.1985, 03-04-1985 (month and day in either order), 04-Mar-1985; `sep` follows the run. */
function numericDate(s: number, e: number, sep: number, w: DateWindow, out: Hit[]): void {
  const q1 = runEnd(e + 1);
  const l1 = q1 - e - 1;
  if (l1 >= 1 && l1 <= 2 && at(q1) === sep) {
    const q2 = runEnd(q1 + 1);
    if (q2 - q1 - 1 === 4 && dateEndsAt(q2)) {
      const a = num(s, e);
      const b = num(e + 1, q1);
      const y = num(q1 + 1, q2);
      if (validDate(y, a, b, w) || validDate(y, b, a, w)) out.push({ kind: "dob", start: s, end: q2 });
    }
  }
  if (sep === 45 && isLetter(at(e + 1))) {
    const me = monthAt(e + 1);
    if (me >= 0 && at(me) === 45) {
      const m = month;
      const ye = runEnd(me + 1);
      if (ye - me - 1 === 4 && dateEndsAt(ye) && validDate(num(me + 1, ye), m, num(s, e), w)) {
        out.push({ kind: "dob", start: s, end: ye });
      }
    }
  }
}

/** "4 March 1985", "4th of March, 1985", "4 Sept. 1985". */
function dayFirstDate(s: number, e: number, w: DateWindow, out: Hit[]): void {
  let p = ordinal(e);
  const b1 = blanks(p);
  if (b1 === p || !isLetter(at(b1))) return;
  p = b1;
  if ((at(p) | 32) === 111 && (at(p + 1) | 32) === 102 && isBlank(at(p + 2))) p = blanks(p + 2);
  // The word at p, then the year after it (after "Mar." if there is a dot: nothing else takes one).
  let q = p;
  while (q < p + 10 && isLetter(at(q))) q++;
  const dot = at(q) === 46;
  const ye = yearAfter(dot ? q + 1 : q);
  if (ye < 0) return;
  if (isWordAt(q) || !isMonth(p, q, at(p), at(p + 1), at(p + 2)) || (dot && !abbreviated)) return;
  if (validDate(year, month, num(s, e), w)) out.push({ kind: "dob", start: s, end: ye });
}

/** Dates whose first run is the year at [s, e), followed by `sep` ("-" or "/"): 1985-03-04, 1985/03/04, 1985-Mar-04. */
function yearFirstDates(s: number, e: number, sep: number, w: DateWindow, out: Hit[]): void {
  const q1 = runEnd(e + 1);
  const l1 = q1 - e - 1;
  let m: number;
  let q: number;
  if (l1 >= 1 && l1 <= 2) {
    m = num(e + 1, q1);
    q = q1;
  } else if (l1 === 0 && sep === 45) {
    q = monthAt(e + 1);
    m = month;
    if (q < 0) return;
  } else return;
  if (at(q) !== sep) return;
  const q2 = runEnd(q + 1);
  const l2 = q2 - q - 1;
  if (l2 < 1 || l2 > 2 || !dateEndsAt(q2)) return;
  if (validDate(num(s, e), m, num(q + 1, q2), w)) out.push({ kind: "dob", start: s, end: q2 });
}

// ---------------------------------------------------------------- the scan

/**
 * The first digit at or after p, or len. Prose is skipped four characters at a time: whether a
 * word of four bytes holds a digit (0x30-0x39) takes a few operations on all four at once, exact
 * for every byte value ("hasbetween" in Sean Anderson's Bit Twiddling Hacks): per byte b, with
 * y = b & 0x7f, 0xb9 - y has its top bit set iff y <= 0x39, y + 0x50 iff y >= 0x30, and ~b iff
 * b < 0x80; no byte borrows or carries into the next. Reading a word costs about what reading a
 * byte does, and a call to the regex engine (which skips faster) costs about 50 bytes' reading.
 */
function nextDigit(p: number): number {
  const c = codes;
  const n = len;
  while (p < n && (p & 3) !== 0) {
    if (isDigit(c[p]!)) return p;
    p++;
  }
  const w = words;
  const wordsInText = n >> 2;
  for (let i = p >> 2; i < wordsInText; i++) {
    const x = w[i]!;
    const y = x & 0x7f7f7f7f;
    if (((0xb9b9b9b9 - y) & ~x & (y + 0x50505050) & 0x80808080) !== 0) {
      p = i << 2;
      while (!isDigit(c[p]!)) p++;
      return p;
    }
  }
  p = Math.max(p, wordsInText << 2);
  while (p < n && !isDigit(c[p]!)) p++;
  return p;
}

/**
 * Every candidate match, unsorted and possibly overlapping; the caller keeps the earliest, then
 * the longest. Positions are UTF-16 offsets into `t`.
 */
export function detect(t: string, o: DetectOptions): Hit[] {
  const out: Hit[] = [];
  load(t);
  chainLen = 0;
  try {
    scan(o, out);
  } finally {
    text = ""; // keep no reference to the message
    len = 0;
    if (codes.length > KEEP_BYTES) setBuffer(1 << 14);
  }
  return out;
}

/** Free: nothing on the left of the run at s continues the token (a word character, a joiner after a digit). */
function isFree(s: number, before: number, before2: number): boolean {
  if (before < 128 ? isAsciiWord(before) : isWordAt(s - 1)) return false;
  return !(isJoiner(before) && isDigit(before2));
}

// The options of the current scan (see scan).
let findCards = false;
let findSsns = false;
let dates: DateWindow | null = null;

function scan(o: DetectOptions, out: Hit[]): void {
  findCards = o.cards;
  findSsns = o.ssn;
  dates = o.birthDates ? dateWindow(o.now) : null;
  let p = 0;
  for (;;) {
    // Read in the loop, not before it: V8 may compile this function while it runs the loop
    // ("on-stack replacement"), and such code knows nothing of values from before the loop.
    const c = codes;
    const n = len;
    const cards = findCards;
    const ssn = findSsns;
    const w = dates;
    // Digits cluster: the next one is usually a character or two away.
    let s = p;
    if (s < n && !isDigit(c[s]!) && ++s < n && !isDigit(c[s]!)) s = nextDigit(s + 1);
    if (s >= n) return;
    // The run, read at most 20 digits far (longer ones are never part of a match), with its
    // Luhn sums: cards need them, and computing them here saves reading the digits again.
    let e = s;
    let even = 0;
    let odd = 0;
    for (const runLim = s + MAX_RUN < n ? s + MAX_RUN : n; e < runLim; e++) {
      const d = c[e]! - 48;
      if (d < 0 || d > 9) break;
      const t = odd + d;
      odd = even + dbl(d);
      even = t;
    }
    if (e < n && isDigit(c[e]!)) {
      // Longer than 20: never part of a match.
      while (e < n && isDigit(c[e]!)) e++;
      p = e;
      continue;
    }
    p = e;
    const digits = e - s;
    if (digits <= 2) {
      // A day or month. Most short runs are no date at all, so the characters around the run
      // are tested first, from those already at hand; `free` only when a shape fits.
      if (cards && chainLen > 0) addGroup(s, e, even, odd, false, out); // it can end a card
      if (w === null) continue;
      const before = s > 0 ? c[s - 1]! : 0;
      const before2 = s > 1 ? c[s - 2]! : 0;
      if (isBlank(before) && (isLetter(before2) || isBlank(before2) || before2 === 46)) monthFirstDate(s, e, w, out);
      const sep = e < n ? c[e]! : 0;
      const numeric = sep === 47 || sep === 45 || sep === 46;
      if (!numeric && !isLetter(sep) && !(isBlank(sep) && e + 1 < n && (isLetter(c[e + 1]!) || isBlank(c[e + 1]!)))) continue;
      if (!isFree(s, before, before2)) continue;
      if (numeric) numericDate(s, e, sep, w, out);
      else dayFirstDate(s, e, w, out);
      continue;
    }
    // Matches begin with a run of 1-2 (day, month), 3 (SSN), 4 (card group, year), 9 (bare
    // SSN) or 13 and more digits (card); runs of 5-6 can only be later groups of a card.
    if (digits > 4 && digits !== 9 && digits < 13) {
      if (cards && digits <= 6 && chainLen > 0) addGroup(s, e, even, odd, false, out);
      continue;
    }
    const free = isFree(s, s > 0 ? c[s - 1]! : 0, s > 1 ? c[s - 2]! : 0);
    if (digits === 4 && cards) {
      const first = free && issuerDigit(c[s]!);
      if (first || chainLen > 0) addGroup(s, e, even, odd, first, out);
    } else if (digits === 3 && cards && chainLen > 0) addGroup(s, e, even, odd, false, out);
    if (!free) continue;
    if (digits === 3) {
      if (ssn) groupedSsn(s, e, out);
    } else if (digits === 4) {
      const sep = e < n ? c[e]! : 0;
      if (w && (sep === 45 || sep === 47)) yearFirstDates(s, e, sep, w, out);
    } else if (digits === 9) {
      if (ssn) bareSsn(s, e, out);
    } else if (cards) plainCard(s, e, even, out);
  }
}

