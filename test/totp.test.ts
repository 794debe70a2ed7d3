import { describe, expect, it } from "vitest";
import {
  fromBase32,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  otpauthUri,
  toBase32,
  totpCode,
  verifyTotp,
} from "../core/totp";

// RFC 6238 Appendix B, SHA-1 column: the ASCII secret "12345678901234567890".
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("base32", () => {
  it("encodes the RFC 6238 secret and RFC 4648 test vectors without padding", () => {
    expect(toBase32(new TextEncoder().encode("12345678901234567890"))).toBe(RFC_SECRET);
    const vectors: [string, string][] = [["", ""], ["f", "MY"], ["fo", "MZXQ"], ["foo", "MZXW6"], ["foob", "MZXW6YQ"], ["fooba", "MZXW6YTB"], ["foobar", "MZXW6YTBOI"]];
    for (const [plain, b32] of vectors) {
      expect(toBase32(new TextEncoder().encode(plain))).toBe(b32);
      expect(new TextDecoder().decode(fromBase32(b32))).toBe(plain);
    }
  });

  it("round-trips random bytes and accepts lowercase, padding and spaces", () => {
    for (let n = 0; n < 40; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      expect(fromBase32(toBase32(bytes))).toEqual(bytes);
    }
    expect(new TextDecoder().decode(fromBase32("mzxw 6ytb oi======"))).toBe("foobar");
    expect(() => fromBase32("MZXW1")).toThrow();
  });

  it("makes 160-bit secrets", () => {
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(fromBase32(s)).toHaveLength(20);
    expect(newTotpSecret()).not.toBe(s);
  });
});

describe("TOTP", () => {
  it("matches the RFC 6238 SHA-1 test vectors", async () => {
    for (const [t, code] of RFC_VECTORS) {
      expect(await totpCode(RFC_SECRET, t * 1000)).toBe(code.slice(-6));
    }
  });

  it("accepts the current step and ±1, refuses ±2", async () => {
    const secret = newTotpSecret();
    const now = 1_700_000_015_000;
    const step = Math.floor(now / 30_000);
    for (const d of [-1, 0, 1]) {
      const code = await totpCode(secret, now + d * 30_000);
      expect(await verifyTotp(secret, code, now)).toEqual({ ok: true, step: step + d });
    }
    for (const d of [-2, 2]) {
      const code = await totpCode(secret, now + d * 30_000);
      expect(await verifyTotp(secret, code, now)).toEqual({ ok: false });
    }
    // A window of 0 accepts only the current step.
    const prev = await totpCode(secret, now - 30_000);
    expect((await verifyTotp(secret, prev, now, { window: 0 })).ok).toBe(false);
  });

  it("refuses a replayed code and any code from an earlier step", async () => {
    const secret = newTotpSecret();
    const now = 1_700_000_000_000;
    const code = await totpCode(secret, now);
    const first = await verifyTotp(secret, code, now, { lastUsedStep: null });
    expect(first.ok).toBe(true);
    const used = first.ok ? first.step : -1;
    expect(await verifyTotp(secret, code, now + 5_000, { lastUsedStep: used })).toEqual({ ok: false });
    const older = await totpCode(secret, now - 30_000);
    expect(await verifyTotp(secret, older, now, { lastUsedStep: used })).toEqual({ ok: false });
    const next = await totpCode(secret, now + 30_000);
    expect(await verifyTotp(secret, next, now + 30_000, { lastUsedStep: used })).toEqual({ ok: true, step: used + 1 });
  });

  it("refuses input that is not six digits, tolerating only spaces", async () => {
    const at = 59_000;
    expect(await verifyTotp(RFC_SECRET, "287082", at)).toEqual({ ok: true, step: 1 });
    expect((await verifyTotp(RFC_SECRET, "287 082", at)).ok).toBe(true);
    for (const bad of ["", "28708", "2870820", "94287082", "28708a", "-287082", "２８７０８２"]) {
      expect(await verifyTotp(RFC_SECRET, bad, at)).toEqual({ ok: false });
    }
  });

  it("builds an encoded otpauth URI", () => {
    const uri = otpauthUri({ issuer: "Acme & Co", account: "jane doe@example.com", secret: "jbsw y3dp" });
    expect(uri).toBe(
      "otpauth://totp/Acme%20%26%20Co:jane%20doe%40example.com?secret=JBSWY3DP&issuer=Acme%20%26%20Co&algorithm=SHA1&digits=6&period=30",
    );
    expect(otpauthUri({ issuer: "a:b", account: "c", secret: "AA" })).toContain("/a%3Ab:c?");
  });
});

describe("recovery codes", () => {
  it("are unique, formatted and drawn from the unambiguous alphabet", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) {
      expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$/);
      expect(normalizeRecoveryCode(c)).toBe(c.replace(/-/g, ""));
    }
    const many = newRecoveryCodes(1000);
    expect(new Set(many).size).toBe(1000);
    // Every one of the 32 symbols shows up across 10,000 characters (5 bits each: 50 bits a code).
    expect(new Set(many.join("").replace(/-/g, "")).size).toBe(32);
  });

  it("normalises what people type", () => {
    expect(normalizeRecoveryCode(" AB2C - D3EF - GH ")).toBe("ab2cd3efgh");
    expect(normalizeRecoveryCode("ab2c d3ef gh")).toBe("ab2cd3efgh");
    // Letters that are not in the alphabet read as the digits they resemble.
    expect(normalizeRecoveryCode("OoIl-L1i0-00")).toBe("0011111000");
  });
});
