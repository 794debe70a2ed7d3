import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "../core/common-passwords";
import { DEFAULT_POLICY, SecurityPolicy, checkPassword, isCommonPassword, pciProfile } from "../core/password-policy";

const withPassword = (p: Partial<SecurityPolicy["password"]>): SecurityPolicy => ({
  ...DEFAULT_POLICY,
  password: { ...DEFAULT_POLICY.password, ...p },
});
const problems = (pw: string, policy = DEFAULT_POLICY, ctx = {}) => {
  const r = checkPassword(pw, policy, ctx);
  return r.ok ? [] : r.problems;
};

describe("SecurityPolicy", () => {
  it("accepts the defaults and refuses maxLength below minLength", () => {
    expect(SecurityPolicy.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
    expect(SecurityPolicy.safeParse(withPassword({ minLength: 100, maxLength: 64 })).success).toBe(false);
    expect(SecurityPolicy.safeParse(withPassword({ minLength: 64, maxLength: 64 })).success).toBe(true);
  });

  it("refuses out-of-range and malformed values", () => {
    const bad: unknown[] = [
      withPassword({ minLength: 7 }),
      withPassword({ minLength: 129, maxLength: 1024 }),
      withPassword({ maxLength: 63 }),
      withPassword({ maxLength: 1025 }),
      withPassword({ minLength: 12.5 }),
      withPassword({ history: 25 }),
      withPassword({ history: -1 }),
      withPassword({ expiryDays: 366 }),
      { ...DEFAULT_POLICY, lockout: { maxAttempts: 2, lockMinutes: 30 } },
      { ...DEFAULT_POLICY, lockout: { maxAttempts: 101, lockMinutes: 30 } },
      { ...DEFAULT_POLICY, lockout: { maxAttempts: 10, lockMinutes: 1441 } },
      { ...DEFAULT_POLICY, sessions: { idleMinutes: 4, absoluteHours: 12 } },
      { ...DEFAULT_POLICY, sessions: { idleMinutes: 30, absoluteHours: 721 } },
      { ...DEFAULT_POLICY, sessions: { idleMinutes: 30, absoluteHours: 0 } },
      { ...DEFAULT_POLICY, mfa: { required: "some", roles: [] } },
      { ...DEFAULT_POLICY, mfa: { required: "roles", roles: ["root"] } },
      { ...DEFAULT_POLICY, password: { ...DEFAULT_POLICY.password, blocklist: "yes" } },
      { ...DEFAULT_POLICY, lockout: undefined },
    ];
    for (const p of bad) expect(SecurityPolicy.safeParse(p).success, JSON.stringify(p)).toBe(false);
    const ok = { ...DEFAULT_POLICY, mfa: { required: "roles", roles: ["site_admin", "agent"] }, lockout: { maxAttempts: 3, lockMinutes: 0 } };
    expect(SecurityPolicy.safeParse(ok).success).toBe(true);
  });
});

describe("pciProfile", () => {
  it("raises the defaults to the PCI DSS 4.0 minimums", () => {
    const pci = pciProfile(DEFAULT_POLICY);
    expect(pci).toEqual({
      password: {
        minLength: 12,
        maxLength: 128,
        requireLower: true,
        requireUpper: false,
        requireDigit: true,
        requireSymbol: false,
        history: 4,
        expiryDays: 90,
        blocklist: true,
      },
      lockout: { maxAttempts: 10, lockMinutes: 30 },
      sessions: { idleMinutes: 15, absoluteHours: 12 },
      mfa: { required: "off", roles: [] },
    });
    expect(SecurityPolicy.parse(pci)).toEqual(pci);
    expect(DEFAULT_POLICY.password.history).toBe(0); // the input is not modified
  });

  it("drops expiry when everyone uses MFA", () => {
    const pci = pciProfile({ ...DEFAULT_POLICY, mfa: { required: "all", roles: [] } });
    expect(pci.password.expiryDays).toBe(0);
    expect(pci.mfa).toEqual({ required: "all", roles: [] });
    expect(pciProfile({ ...DEFAULT_POLICY, mfa: { required: "roles", roles: ["site_admin"] } }).password.expiryDays).toBe(90);
  });

  it("keeps values that are already stricter and loosens looser ones", () => {
    const strict: SecurityPolicy = {
      password: { ...withPassword({}).password, minLength: 16, requireUpper: true, requireSymbol: true, history: 10, expiryDays: 30, blocklist: false },
      lockout: { maxAttempts: 5, lockMinutes: 0 },
      sessions: { idleMinutes: 10, absoluteHours: 8 },
      mfa: { required: "off", roles: [] },
    };
    const pci = pciProfile(strict);
    expect(pci.password).toEqual({ ...strict.password, requireLower: true, requireDigit: true, blocklist: true });
    expect(pci.lockout).toEqual({ maxAttempts: 5, lockMinutes: 0 });
    expect(pci.sessions).toEqual({ idleMinutes: 10, absoluteHours: 8 });
    const loose = pciProfile({ ...DEFAULT_POLICY, lockout: { maxAttempts: 50, lockMinutes: 5 }, sessions: { idleMinutes: 120, absoluteHours: 24 } });
    expect(loose.lockout).toEqual({ maxAttempts: 10, lockMinutes: 30 });
    expect(loose.sessions).toEqual({ idleMinutes: 15, absoluteHours: 24 });
    expect(pciProfile(withPassword({ expiryDays: 200 })).password.expiryDays).toBe(90);
  });
});

describe("checkPassword", () => {
  it("accepts a long passphrase with the defaults", () => {
    expect(checkPassword("correct horse battery staple", DEFAULT_POLICY, {})).toEqual({ ok: true });
    expect(checkPassword("Zebras jump over 7 lazy dogs", DEFAULT_POLICY, { email: "jane@example.com", name: "Jane Doe", tenantName: "Acme" })).toEqual({ ok: true });
  });

  it("refuses common, trivial and short passwords", () => {
    expect(problems("password1234")).toContain("is on the list of commonly used passwords");
    expect(problems("Password123!")).toContain("is on the list of commonly used passwords");
    expect(problems("qwertyuiopas")).toContain("must not be a repeated character or a simple sequence");
    expect(problems("aaaaaaaaaaaa")).toContain("must not be a repeated character or a simple sequence");
    expect(problems("123456789012")).toContain("must not be a repeated character or a simple sequence");
    expect(problems("zyxwvutsrqpo")).toContain("must not be a repeated character or a simple sequence");
    expect(problems("abababababab")).toContain("must not be a repeated character or a simple sequence");
    expect(problems("monkeymonkeymonkey")).toContain("is on the list of commonly used passwords");
    expect(problems("!!sunshine2024")).toContain("is on the list of commonly used passwords");
    expect(problems("Tr0ub4dor&3x")).toEqual([]);
    expect(problems("kT9#vq2Lm4Z")).toEqual(["at least 12 characters"]);
    expect(problems("")).toContain("at least 12 characters");
  });

  it("checks the blocklist case-insensitively and after NFKC normalisation", () => {
    const eight = withPassword({ minLength: 8 });
    expect(problems("baseball", eight)).toEqual(["is on the list of commonly used passwords"]);
    expect(problems("BaSeBaLl", eight)).toEqual(["is on the list of commonly used passwords"]);
    expect(problems("ＰＡＳＳＷＯＲＤ１２３４")).toContain("is on the list of commonly used passwords");
    expect(isCommonPassword("LetMeIn")).toBe(true);
    expect(isCommonPassword("correct horse battery staple")).toBe(false);
    expect(problems("BaSeBaLl", { ...eight, password: { ...eight.password, blocklist: false } })).toEqual([]);
  });

  it("ships a blocklist of at least 10,000 lower-cased, unique entries of 4+ characters", () => {
    const entries = COMMON_PASSWORDS.split("\n");
    expect(entries.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(entries).size).toBe(entries.length);
    expect(entries.filter((e) => e !== e.toLowerCase() || [...e].length < 4)).toEqual([]);
  });

  it("counts code points against maxLength", () => {
    const text = [..."Zebras 🦓 jump over 7 lazy dogs; quietly, at dawn. "];
    const make = (n: number) => Array.from({ length: n }, (_, i) => text[i % text.length]).join("");
    expect(make(128).length).toBeGreaterThan(128); // the emoji is two UTF-16 units
    expect(checkPassword(make(128), DEFAULT_POLICY, {})).toEqual({ ok: true });
    expect(problems(make(129))).toEqual(["at most 128 characters"]);
    // Twelve emoji are twelve characters, not twenty-four.
    expect(problems("🦓🐴🦄🐎🐆🐅🦒🐘🦏🦛🐪🐫".slice(0, 22))).toContain("at least 12 characters");
    expect(problems("🦓🐴🦄🐎🐆🐅🦒🐘🦏🦛🐪🐫")).toEqual([]);
  });

  it("enforces composition rules only when enabled", () => {
    const all = withPassword({ requireLower: true, requireUpper: true, requireDigit: true, requireSymbol: true });
    expect(problems("correct horse battery staple", all)).toEqual(["must contain an upper-case letter", "must contain a digit"]);
    expect(problems("CORRECTHORSEBATTERY", all)).toEqual(["must contain a lower-case letter", "must contain a digit", "must contain a symbol"]);
    expect(problems("Correct horse battery 9", all)).toEqual([]);
    expect(problems("Ärger über 9 Öfen", all)).toEqual([]);
    expect(problems("CorrectHorseBattery9", withPassword({ requireSymbol: true }))).toEqual(["must contain a symbol"]);
  });

  it("refuses the user's e-mail name, name and organisation name", () => {
    expect(problems("jane.doe rules forever", DEFAULT_POLICY, { email: "Jane.Doe@example.com" })).toContain("must not contain your e-mail name");
    expect(problems("xjanedoe@example", DEFAULT_POLICY, { email: "janedoe@example.com" })).toContain("must not contain your e-mail name");
    // A local part under 4 characters is too short to matter.
    expect(problems("bob is a good builder", DEFAULT_POLICY, { email: "bob@example.com" })).toEqual([]);
    expect(problems("Montgomery forever 77", DEFAULT_POLICY, { name: "Ann Montgomery" })).toContain("must not contain your name");
    expect(problems("acme corp forever 77", DEFAULT_POLICY, { tenantName: "Acme Corp" })).toContain("must not contain the organisation's name");
    expect(problems("acmecorprules2024", DEFAULT_POLICY, { tenantName: "ACME Corp" })).toContain("must not contain the organisation's name");
  });
});
