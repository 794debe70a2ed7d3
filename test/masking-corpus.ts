/**
 * Labelled chat messages for the masking detectors: positives in every accepted format and
 * negatives that look alike. `expect` lists the kinds that must be masked, in order of
 * appearance. Card numbers are generated (prefix, filler from a fixed seed, Luhn check digit) so
 * every brand, length and grouping is covered without hand-computing check digits.
 * Negatives carry a note starting with the kind they imitate ("card:", "ssn:", "dob:").
 */

export type CorpusKind = "card" | "ssn" | "dob";
export interface MaskCase {
  text: string;
  expect: CorpusKind[];
  note?: string;
}

/** The `now` every corpus case is judged against: 4 December 2026, 00:00 UTC. */
export const CORPUS_NOW = Date.UTC(2026, 11, 4);

// ---------------------------------------------------------------- card numbers

let seed = 0x5eed;
/** mulberry32: a fixed sequence, so the corpus is the same on every run. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0 && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export const luhnValid = (n: string) => luhnDigit(n.slice(0, -1)) === n.slice(-1);

/** A Luhn-valid number of `length` digits starting with `prefix`. */
export function makeCard(prefix: string, length: number): string {
  let body = prefix;
  while (body.length < length - 1) body += String(Math.floor(random() * 10));
  return body + luhnDigit(body);
}

/** The same number with a wrong check digit. */
const breakLuhn = (n: string) => n.slice(0, -1) + String((Number(n.slice(-1)) + 1) % 10);

function shapeFor(length: number, amex: boolean): number[] {
  if (amex && length === 15) return [4, 6, 5];
  if (length === 14) return [4, 6, 4];
  if (length <= 16) return [4, 4, 4, length - 12];
  return [4, 4, 4, 4, length - 16];
}

export function group(n: string, shape: number[], sep: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const g of shape) {
    parts.push(n.slice(at, at + g));
    at += g;
  }
  return parts.join(sep);
}

const BRANDS: { brand: string; prefixes: string[]; lengths: number[] }[] = [
  { brand: "Visa", prefixes: ["4", "41", "45", "49"], lengths: [13, 16, 19] },
  { brand: "Mastercard", prefixes: ["51", "52", "53", "54", "55", "2221", "2500", "2720"], lengths: [16] },
  { brand: "Amex", prefixes: ["34", "37"], lengths: [15] },
  { brand: "Discover", prefixes: ["6011", "644", "649", "65", "622126", "622925"], lengths: [16, 19] },
  { brand: "Diners", prefixes: ["300", "305", "36", "38", "39"], lengths: [14, 16] },
  { brand: "JCB", prefixes: ["3528", "3589"], lengths: [16, 19] },
  { brand: "UnionPay", prefixes: ["62"], lengths: [16, 17, 18, 19] },
  { brand: "Maestro", prefixes: ["50", "56", "58", "69"], lengths: [13, 15, 19] },
];

const CARD_TEMPLATES = [
  "my card number is {}",
  "Card: {} exp 12/28",
  "here you go {} thanks",
  "{}",
  "can you charge {} for the renewal?",
  "It's {}, cvv is on the back",
  "cc {} (the business one)",
  "Please use {}.",
  "new card -> {} <- the old one expired",
  "number: {}\nname: Jane Doe",
  "I typed {} but the form said invalid",
  "card ending... actually full number {} sorry",
];

const SEPARATORS = ["", " ", "-", "."];

function cardPositives(): MaskCase[] {
  const out: MaskCase[] = [];
  let k = 0;
  for (const { brand, prefixes, lengths } of BRANDS) {
    for (const prefix of prefixes) {
      for (const length of lengths) {
        const n = makeCard(prefix, length);
        for (const sep of SEPARATORS) {
          const formatted = sep === "" ? n : group(n, shapeFor(length, brand === "Amex"), sep);
          out.push({ text: CARD_TEMPLATES[k++ % CARD_TEMPLATES.length]!.replace("{}", formatted), expect: ["card"], note: `${brand} ${length} "${sep}"` });
        }
      }
    }
  }
  // Published test numbers, as people paste them.
  const known = [
    "4111111111111111", "4012888888881881", "4222222222222", "5555555555554444", "5105105105105100", "2223003122003222",
    "378282246310005", "371449635398431", "6011111111111117", "6011000990139424", "3056930009020004", "36227206271667",
    "3530111333300000", "3566002020360505", "6200000000000005", "6759649826438453", "5019717010103742",
  ];
  for (const n of known) out.push({ text: `test card ${n} please`, expect: ["card"], note: "published test number" });
  out.push({ text: "4111 1111 1111 1111 12 28 123", expect: ["card"], note: "card then expiry and CVV, space separated" });
  out.push({ text: "Visa 4111-1111-1111-1111, Amex 3782-822463-10005", expect: ["card", "card"], note: "two cards" });
  out.push({ text: "CARD#4111111111111111", expect: ["card"], note: "after #" });
  out.push({ text: "(4111 1111 1111 1111)", expect: ["card"], note: "in parentheses" });
  out.push({ text: "\"5555555555554444\"", expect: ["card"], note: "quoted" });
  out.push({ text: "card:5555-5555-5555-4444.", expect: ["card"], note: "colon before, full stop after" });
  out.push({ text: "12 4111 1111 1111 1111", expect: ["card"], note: "a number before, space separated" });
  out.push({ text: "my cards: 4111111111111111,5555555555554444", expect: ["card", "card"], note: "comma separated list" });
  return out;
}

function cardNegatives(): MaskCase[] {
  const out: MaskCase[] = [];
  let k = 0;
  // Order numbers that fail Luhn, in every brand and grouping.
  for (const { brand, prefixes, lengths } of BRANDS) {
    for (const prefix of prefixes.slice(0, 2)) {
      const length = lengths[0]!;
      const n = breakLuhn(makeCard(prefix, length));
      const sep = SEPARATORS[k % SEPARATORS.length]!;
      const formatted = sep === "" ? n : group(n, shapeFor(length, brand === "Amex"), sep);
      out.push({ text: ["order #{} shipped", "your reference is {}", "ticket {} was closed", "invoice {}"][k++ % 4]!.replace("{}", formatted), expect: [], note: `card: ${brand} Luhn fails` });
    }
  }
  // Luhn-valid but no issuer uses the prefix, or not at that length.
  const outOfRange: [string, number][] = [
    ["1", 16], ["0", 16], ["7", 16], ["8", 16], ["9", 16], ["2220", 16], ["2721", 16], ["2000", 16], ["33", 16], ["3527", 16],
    ["3590", 16], ["31", 15], ["35", 14], ["306", 14], ["37", 16], ["34", 14], ["4", 14], ["4", 15], ["4", 17], ["4", 18],
    ["51", 15], ["55", 17], ["6011", 15], ["65", 14], ["62", 15], ["36", 13], ["1", 19], ["9", 13],
  ];
  for (const [prefix, length] of outOfRange) {
    out.push({ text: `account ${makeCard(prefix, length)} is active`, expect: [], note: `card: Luhn-valid, prefix ${prefix} length ${length} not issued` });
  }
  out.push({ text: "reference 41111111111111111111", expect: [], note: "card: 20-digit run holding a valid card" });
  out.push({ text: "ID 4111111111111111111111111", expect: [], note: "card: 25-digit run" });
  out.push({ text: "14111111111111111", expect: [], note: "card: valid card with a digit in front (17-digit run)" });
  out.push({ text: "4111-1111-1111-1111-1111", expect: [], note: "card: five dash groups are one 20-digit identifier" });
  out.push({ text: "account 60110000000000000004", expect: [], note: "card: Luhn-valid 20 digits with a Discover prefix" });
  out.push({ text: "ref 50000000000000000009 noted", expect: [], note: "card: Luhn-valid 20 digits with a Maestro prefix" });
  out.push({ text: "key 4111.1111.1111.1111.0000", expect: [], note: "card: five dot groups" });
  out.push({ text: "0-4111-1111-1111-1111", expect: [], note: "card: dash chain with a digit in front" });
  out.push({ text: "4111 1111-1111 1111", expect: [], note: "card: mixed separators" });
  out.push({ text: "4111-1111.1111-1111", expect: [], note: "card: mixed separators" });
  out.push({ text: "4111  1111  1111  1111", expect: [], note: "card: double spaces" });
  out.push({ text: "4111_1111_1111_1111", expect: [], note: "card: underscores" });
  out.push({ text: "x4111111111111111", expect: [], note: "card: glued to a letter" });
  out.push({ text: "4111111111111111abc", expect: [], note: "card: letters glued after" });
  out.push({ text: "token tok_4111111111111111", expect: [], note: "card: part of an identifier" });
  out.push({ text: "**** **** **** 1111", expect: [], note: "card: already masked by the customer" });
  out.push({ text: "4111 XXXX XXXX 1111", expect: [], note: "card: partly masked" });
  out.push({ text: "[card ····1111]", expect: [], note: "card: our own placeholder" });
  out.push({ text: "411 1111 1111 1111 1", expect: [], note: "card: wrong grouping" });
  out.push({ text: "41 11 11 11 11 11 11 11", expect: [], note: "card: pairs" });
  out.push({ text: "4111 1111 1111", expect: [], note: "card: only 12 digits" });
  out.push({ text: "BIN 411111 looks like Visa", expect: [], note: "card: BIN only" });
  out.push({ text: "balance 4111111111111111.50", expect: [], note: "card: decimal amount" });
  out.push({ text: "DE89 3704 0044 0532 0130 00", expect: [], note: "card: IBAN" });
  out.push({ text: "ISBN 978-3-16-148410-0", expect: [], note: "card: ISBN" });
  out.push({ text: "isbn 9783161484100", expect: [], note: "card: ISBN-13 without dashes" });
  out.push({ text: "uuid 123e4567-e89b-12d3-a456-426614174000", expect: [], note: "card: UUID" });
  out.push({ text: "sha 4111111111111111deadbeef", expect: [], note: "card: hex hash" });
  return out;
}

// ---------------------------------------------------------------- social security numbers

const SSNS = ["078-05-1120", "219-09-9999", "123-45-6789", "665-12-3456", "667-01-0001", "899-99-9999", "001-01-0001", "534-22-8710", "401-77-2038", "772-10-4567"];

function ssnPositives(): MaskCase[] {
  const out: MaskCase[] = [];
  const dashed = ["my ssn is {}", "SSN: {}", "social security number {}", "{}", "it's {} I think", "here: {}.", "Soc Sec # {}", "the number on my card is {}", "({})", "ok {}, and my name is Ann"];
  SSNS.forEach((s, i) => out.push({ text: dashed[i % dashed.length]!.replace("{}", s), expect: ["ssn"], note: "ddd-dd-dddd" }));
  const spaced = ["my social is {}", "{}", "SSN {} thanks", "number {} on the form", "it is {}", "ssn: {}"];
  SSNS.slice(0, 8).forEach((s, i) => out.push({ text: spaced[i % spaced.length]!.replace("{}", s.replaceAll("-", " ")), expect: ["ssn"], note: "ddd dd dddd" }));
  const bare = [
    "my ssn is {}", "SSN: {}", "ssn#{}", "SS# {}", "my social is {}", "social security number: {}", "Social Security No. {}",
    "ssn={}", "SSN - {}", "the ssn you asked for: {}", "my social security number is {} and I live in Ohio", "Your SSN? {}",
  ];
  bare.forEach((t, i) => out.push({ text: t.replace("{}", SSNS[i % SSNS.length]!.replaceAll("-", "")), expect: ["ssn"], note: "bare 9 digits after a cue" }));
  out.push({ text: "ssn 078-05-1120 and my wife's ssn is 219099999", expect: ["ssn", "ssn"], note: "two, second bare with its own cue" });
  out.push({ text: "SSN: 123-45-6789\nDOB: 03/14/1985", expect: ["ssn", "dob"], note: "form paste" });
  return out;
}

function ssnNegatives(): MaskCase[] {
  const out: MaskCase[] = [];
  const bad = ["000-12-3456", "666-12-3456", "900-12-3456", "950-55-1234", "999-99-9999", "123-00-4567", "123-45-0000", "000-00-0000"];
  bad.forEach((s) => out.push({ text: `ssn ${s}`, expect: [], note: "ssn: never issued" }));
  bad.slice(0, 5).forEach((s) => out.push({ text: `SSN ${s.replaceAll("-", " ")}`, expect: [], note: "ssn: never issued, spaced" }));
  ["000123456", "666123456", "912345678", "123004567", "123450000"].forEach((s) => out.push({ text: `my ssn is ${s}`, expect: [], note: "ssn: never issued, bare" }));
  const noCue = [
    "order 123456789 shipped", "routing number 021000021", "call 415555267", "ref 534228710", "it was 078051120 I think",
    "tracking 401772038", "code 219099999", "zip 941051234", "item #772104567 is out of stock", "account 123456789",
  ];
  noCue.forEach((t) => out.push({ text: t, expect: [], note: "ssn: bare 9 digits without a cue" }));
  out.push({ text: "ssn 1234567890", expect: [], note: "ssn: 10 digits" });
  out.push({ text: "ssn 12345678", expect: [], note: "ssn: 8 digits" });
  out.push({ text: "ssn: 123456789-1", expect: [], note: "ssn: bare with a dash after" });
  out.push({ text: "ssn: A-123456789", expect: [], note: "ssn: bare with a dash before" });
  out.push({ text: "ssn 123-456-789", expect: [], note: "ssn: 3-3-3 grouping" });
  out.push({ text: "ssn 12-345-6789", expect: [], note: "ssn: 2-3-4 grouping" });
  out.push({ text: "ssn 123-45-67890", expect: [], note: "ssn: serial too long" });
  out.push({ text: "1-123-45-6789", expect: [], note: "ssn: dash chain with a digit in front" });
  out.push({ text: "123-45-6789-0", expect: [], note: "ssn: dash chain continues" });
  out.push({ text: "123.45.6789", expect: [], note: "ssn: dots are not an SSN format" });
  out.push({ text: "123/45/6789", expect: [], note: "ssn: slashes" });
  out.push({ text: "123-45 6789", expect: [], note: "ssn: mixed separators" });
  out.push({ text: "ssn: [SSN]", expect: [], note: "ssn: our own placeholder" });
  out.push({ text: "ssn ***-**-6789", expect: [], note: "ssn: already masked" });
  out.push({ text: "my ssn is 078-05-1120 and the order was 123456789", expect: ["ssn"], note: "ssn: the cue is cut off by the first number" });
  out.push({ text: "social media is where I saw the ad for this, order 123456789", expect: [], note: "ssn: cue word more than 40 characters back" });
  out.push({ text: "ssn\n123456789", expect: [], note: "ssn: cue on another line" });
  out.push({ text: "class 123456789 starts monday", expect: [], note: "ssn: 'ss' inside a word is no cue" });
  out.push({ text: "ZIP+4 94105-1234", expect: [], note: "ssn: ZIP+4" });
  out.push({ text: "EA123456789US", expect: [], note: "ssn: postal item id" });
  return out;
}

// ---------------------------------------------------------------- birth dates

const DOB_TEMPLATES = [
  "my date of birth is {}",
  "DOB: {}",
  "born {}",
  "I was born on {}.",
  "birthday {} if that helps",
  "{}",
  "d.o.b. {}",
  "it happened on {} I think",
  "verification: name Jane Roe, {}",
  "date of birth - {}, zip 94105",
];

const DOB_POSITIVES = [
  // MM/DD/YYYY and DD/MM/YYYY, either order when valid
  ["03/14/1985", "MM/DD/YYYY"], ["3/4/1985", "M/D/YYYY"], ["12/31/1999", "MM/DD/YYYY"], ["31/12/1999", "DD/MM/YYYY"],
  ["25/03/1985", "DD/MM/YYYY"], ["01/02/2003", "ambiguous"], ["7/10/1962", "M/DD/YYYY"], ["11/30/1947", "MM/DD/YYYY"],
  ["02/29/2000", "leap day"], ["29/02/1996", "leap day DD/MM"], ["12/11/2026", "DD/MM valid, MM/DD future"],
  ["12/04/2026", "today"], ["12/03/2026", "yesterday"], ["12/05/1906", "119 years"], ["04/12/1906", "exactly 120 years, DD/MM"],
  // YYYY-MM-DD, YYYY/MM/DD
  ["1985-03-14", "ISO"], ["1999-12-31", "ISO"], ["2000-02-29", "ISO leap day"], ["1950-1-5", "ISO short"], ["1985/03/14", "YYYY/MM/DD"],
  ["1906-12-04", "ISO exactly 120 years"], ["2026-12-04", "ISO today"],
  // DD.MM.YYYY, MM-DD-YYYY
  ["14.03.1985", "DD.MM.YYYY"], ["4.3.1985", "D.M.YYYY"], ["31.12.1999", "DD.MM.YYYY"], ["03-14-1985", "MM-DD-YYYY"],
  ["14-03-1985", "DD-MM-YYYY"], ["10-10-2010", "MM-DD-YYYY"],
  // month names
  ["March 14, 1985", "Month D, YYYY"], ["March 14 1985", "Month D YYYY"], ["Mar 14 1985", "Mon D YYYY"], ["Mar. 14, 1985", "Mon. D, YYYY"],
  ["march 4th, 1985", "lower case, ordinal"], ["MARCH 4TH 1985", "upper case"], ["14 March 1985", "D Month YYYY"],
  ["14 Mar 1985", "D Mon YYYY"], ["4th of March, 1985", "Dth of Month, YYYY"], ["the 1st of May 1990", "1st of Month"],
  ["22nd September 1977", "Dnd Month"], ["3rd Jan 2001", "Drd Mon"], ["Sept 9, 1990", "Sept"], ["sept. 9 1990", "sept."],
  ["SEPTEMBER 9, 1990", "upper"], ["9 Sep 1990", "Sep"], ["February 29, 2000", "leap day name"], ["Feb 29 1996", "leap day abbr"],
  ["1985-Mar-14", "YYYY-Mon-DD"], ["14-Mar-1985", "DD-Mon-YYYY"], ["1-jan-1970", "D-mon-YYYY"], ["Dec 31, 1999", "Dec"],
  ["June 1, 2020", "June"], ["jul 4 1976", "jul"], ["Aug. 15, 1947", "Aug."], ["October 3rd, 1990", "October 3rd"],
  ["Nov 11 1918", "1918"], ["April 1,1980", "comma without space"], ["May 5, 1985", "May"], ["December 4, 1906", "exactly 120 years, name"],
];

function dobPositives(): MaskCase[] {
  return DOB_POSITIVES.map(([d, note], i) => ({ text: DOB_TEMPLATES[i % DOB_TEMPLATES.length]!.replace("{}", d!), expect: ["dob"] as CorpusKind[], note }));
}

function dobNegatives(): MaskCase[] {
  const cases: [string, string][] = [
    // invalid calendar dates
    ["02/30/1990", "Feb 30"], ["30.02.1990", "Feb 30"], ["February 30, 1990", "Feb 30 name"], ["13/13/2000", "13/13"],
    ["2000-13-01", "month 13"], ["2000-02-30", "Feb 30 ISO"], ["31/04/1990", "April 31"], ["04/31/1990", "April 31"],
    ["Feb 29, 1900", "not a leap year"], ["29.02.2001", "not a leap year"], ["2019-02-29", "not a leap year ISO"], ["00/10/1990", "day 0"],
    ["10/00/1990", "month 0"], ["32.01.1990", "day 32"], ["June 31, 1990", "June 31"], ["0 March 1990", "day 0 name"],
    // future
    ["12/31/2026", "future (and no month 31)"], ["2026-12-05", "tomorrow"], ["2027-01-01", "next year"], ["March 3, 2030", "future name"],
    ["5 Dec 2026", "tomorrow, name"], ["12/25/2026", "Christmas this year"], ["May 5, 2099", "future"],
    // too old
    ["12/03/1906", "120 years and a day"], ["1906-12-03", "120 years and a day, ISO"], ["1900-01-01", "too old"], ["March 1, 1850", "too old"],
    ["01.01.1000", "year 1000"], ["0099-01-01", "year 99"],
    // two-digit years
    ["03/14/85", "2-digit year"], ["14.03.85", "2-digit year"], ["March 14, '85", "2-digit year name"], ["85-03-14", "2-digit year first"],
    // timestamps
    ["2024-05-06T10:20:30Z", "ISO timestamp"], ["2024-05-06 10:20", "timestamp with space"], ["2024-05-06 10:20:30", "timestamp seconds"],
    ["05/06/2024 14:30", "US timestamp"], ["Mar 4 2024 10:20:30", "log timestamp"], ["logged at 2024-05-06T10:20:30.123+02:00", "offset timestamp"],
    ["10/Oct/2000:13:55:36 -0700", "Apache log"], ["2024-05-06_10-20", "file name"],
    // versions and addresses
    ["1.2.3", "version"], ["v2024.01.02", "calver with v"], ["release 2024.01.02", "calver YYYY.MM.DD"], ["v1.2.2020", "version with v"],
    ["192.168.1.1", "IPv4"], ["10.12.19.85", "IPv4 like a date"], ["IP 172.16.254.1", "IPv4"], ["fe80::1ff:fe23:4567:890a", "IPv6"],
    // embedded in longer digit runs or chains
    ["19850314", "YYYYMMDD"], ["1985031412", "10 digits"], ["03/14/19851", "5-digit year"], ["003/14/1985", "3-digit month"],
    ["1/03/14/1985", "slash chain"], ["03/14/1985/2", "slash chain after"], ["12-1985-03-14", "dash chain"], ["1985-03-14-01", "dash chain after"],
    ["ID121985-03-14", "glued to letters"], ["03/14-1985", "mixed separators"], ["1985.03.14", "dots year first"],
    // partial dates
    ["March 1985", "no day"], ["4 March", "no year"], ["March 4", "no year"], ["1985", "year only"], ["the 4th", "day only"],
    ["Marching 4, 1985", "not a month"], ["4 Mayday 1985", "not a month"], ["Mar4, 1985", "no space"], ["[date of birth]", "our own placeholder"],
  ];
  return cases.map(([d, note], i) => ({ text: DOB_TEMPLATES[i % DOB_TEMPLATES.length]!.replace("{}", d), expect: [], note: `dob: ${note}` }));
}

// ---------------------------------------------------------------- other look-alikes

const OTHER_NEGATIVES: [string, string][] = [
  ["call me at (415) 555-2671", "US phone"], ["415-555-2671", "US phone dashes"], ["+1 415 555 2671", "US phone international"],
  ["415.555.2671", "US phone dots"], ["1-800-555-0199", "toll free"], ["+1 (800) 555-0199 ext. 1234", "extension"],
  ["+44 20 7946 0958", "UK phone"], ["+44 7911 123456", "UK mobile"], ["+49 30 901820", "German phone"], ["+33 1 42 68 53 00", "French phone"],
  ["+81 3-1234-5678", "Japanese phone"], ["+61 2 9374 4000", "Australian phone"], ["+91 98765 43210", "Indian mobile"], ["0044 20 7946 0958", "UK with 00"],
  ["+1-415-555-2671", "E.164 with dashes"], ["+14155552671", "E.164"],
  ["UPS 1Z999AA10123456784", "UPS tracking"], ["1Z 999 AA1 01 2345 6784", "UPS tracking spaced"], ["FedEx 123456789012", "FedEx 12"],
  ["fedex 961234567890123", "FedEx 15"], ["FedEx 7489 1234 5678", "FedEx 12 grouped"], ["USPS 9400100000000000000000", "USPS 22"],
  ["9400 1000 0000 0000 0000 00", "USPS grouped"], ["USPS 92055901755477000000", "USPS 22 other"], ["tracking 94001118992223334445", "USPS 20"],
  ["ZIP 94105-1234", "ZIP+4"], ["10001-0001", "ZIP+4"], ["zip 94105", "ZIP"],
  ["total $1,299.99", "price"], ["€ 4.111,11", "euro price"], ["USD 4111.11", "price"], ["costs 12.99/month", "price per month"],
  ["INV-2024-000123", "invoice"], ["invoice #20240506", "invoice date-like"], ["order 1234567890", "10 digits"], ["PO 4500012345", "PO number"],
  ["12345678", "8 digits"], ["1234567890", "10 digits"], ["ref 12345678901", "11 digits"], ["confirmation 123456789012", "12 digits"],
  ["at 10:20:30", "time"], ["score was 3-2", "score"], ["2/3 of the team", "fraction"], ["1. 2. 3. done", "list"],
  ["pi is 3.14159265358979", "pi"], ["40.7128, -74.0060", "coordinates"], ["version 10.0.19045.3693", "Windows build"],
  ["SKU 400-1234-5678-9012", "SKU"], ["room 1985, floor 3", "year-like room"], ["we sold 4111 1111 units", "numbers in prose"],
  ["error 0x80070005", "hex code"], ["PIN 1234", "PIN"], ["CVV 123", "CVV"], ["exp 12/28", "expiry"],
  ["my password is hunter2", "no numbers of note"], ["see you at 5", "small number"], ["", "empty"], ["no digits here at all", "no digits"],
];

function mixed(): MaskCase[] {
  return [
    { text: "card 4111 1111 1111 1111 exp 12/28 cvv 123, dob 03/04/1985, ssn 078-05-1120", expect: ["card", "dob", "ssn"] },
    { text: "Name: Jane Roe\nDOB: 1985-03-14\nSSN: 219-09-9999\nCard: 5555 5555 5555 4444", expect: ["dob", "ssn", "card"] },
    { text: "born March 4, 1985; card 378282246310005", expect: ["dob", "card"] },
    { text: "call 415-555-2671 about card 6011-1111-1111-1117", expect: ["card"] },
    { text: "order 1234567890 paid with 4012 8888 8888 1881 on 2024-05-06 10:20", expect: ["card"] },
    { text: "my ssn is 123456789 and dob 4th of July, 1976", expect: ["ssn", "dob"] },
    { text: "ticket INV-2024-000123 for 12/25/1990 birthday gift", expect: ["dob"] },
    { text: "4111111111111111 4111111111111111", expect: ["card", "card"] },
    { text: "dates: 01/02/1990, 03/04/1991 and 05.06.1992", expect: ["dob", "dob", "dob"] },
    { text: "ssn 078 05 1120 4111 1111 1111 1111", expect: ["ssn", "card"] },
    { text: "from 192.168.1.1 at 2024-05-06T10:20:30Z card 3530111333300000", expect: ["card"] },
    { text: "Mi tarjeta es 4111 1111 1111 1111 y nací el 14.03.1985", expect: ["card", "dob"] },
    { text: "Meine Karte: 5105-1051-0510-5100 — geboren 4 March 1985", expect: ["card", "dob"] },
    { text: "📞 +1 415 555 2671 💳 4111111111111111 🎂 Mar 4 1985", expect: ["card", "dob"] },
    { text: "SSN: 665-12-3456, ZIP 94105-1234, phone 555-123-4567", expect: ["ssn"] },
    { text: "v1.2.3 released 2024-01-02 by user born 1990-07-15", expect: ["dob", "dob"] },
    { text: "[card ····1111] and [SSN] and a new one 5555555555554444", expect: ["card"] },
    { text: "dob 03/14/1985 10:20 no wait dob 03/14/1985", expect: ["dob"] },
    { text: "Amex 3400 000000 00009 Diners 3056 930902 5904", expect: ["card", "card"] },
    { text: "social security 219 09 9999, birthday Sept. 9, 1990", expect: ["ssn", "dob"] },
  ];
}

export const CORPUS: MaskCase[] = [
  ...cardPositives(),
  ...cardNegatives(),
  ...ssnPositives(),
  ...ssnNegatives(),
  ...dobPositives(),
  ...dobNegatives(),
  ...OTHER_NEGATIVES.map(([text, note]) => ({ text, expect: [] as CorpusKind[], note: `other: ${note}` })),
  ...mixed(),
];
