import { describe, expect, it } from "vitest";
import { importMasterKey, newWrappedDataKey, open, seal, unwrapDataKey } from "../core/crypto";
import { toBase64Url } from "../core/encoding";
import { hashPassword, verifyPassword } from "../core/password";
import { ChatClientFrame, LIMITS, parseFrame } from "../core/protocol";
import { signSession, signVisitor, verifySession, verifyVisitor } from "../core/tokens";

const SECRET = "unit-test-secret-unit-test-secret-0001";

describe("password hashing", () => {
  it("verifies the right password, refuses a wrong one, and flags weak parameters for rehash", async () => {
    const h = await hashPassword("pässword with ümlauts");
    expect(await verifyPassword("pässword with ümlauts", h)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword("password with umlauts", h)).ok).toBe(false);
    const weak = await hashPassword("x".repeat(20), 2000);
    expect(await verifyPassword("x".repeat(20), weak)).toEqual({ ok: true, needsRehash: true });
    expect((await verifyPassword("anything", "md5$abc")).ok).toBe(false);
  });
});

describe("encryption at rest", () => {
  it("round-trips through a wrapped tenant key and refuses a blob moved to another row", async () => {
    const master = await importMasterKey(toBase64Url(crypto.getRandomValues(new Uint8Array(32))));
    const key = await unwrapDataKey(master, await newWrappedDataKey(master));
    const blob = await seal(key, "card 4111 1111 1111 1111", "t1:transcripts:body:c1");
    expect(await open(key, blob, "t1:transcripts:body:c1")).toBe("card 4111 1111 1111 1111");
    await expect(open(key, blob, "t1:transcripts:body:c2")).rejects.toThrow();
    const otherKey = await unwrapDataKey(master, await newWrappedDataKey(master));
    await expect(open(otherKey, blob, "t1:transcripts:body:c1")).rejects.toThrow();
  });

  it("refuses a master key of the wrong size", async () => {
    await expect(importMasterKey(toBase64Url(new Uint8Array(16)))).rejects.toThrow(/32 bytes/);
  });
});

describe("tokens", () => {
  it("a visitor token is not a session token and vice versa", async () => {
    const visitor = await signVisitor(SECRET, { tenantId: "t1", chatId: "c1", visitorId: "v1" }, 60);
    const session = await signSession(SECRET, { sid: "s1", tenantId: "t1", userId: "u1" }, 60);
    expect(await verifyVisitor(SECRET, visitor)).toEqual({ tenantId: "t1", chatId: "c1", visitorId: "v1" });
    expect(await verifySession(SECRET, session)).toEqual({ sid: "s1", tenantId: "t1", userId: "u1" });
    expect(await verifySession(SECRET, visitor)).toBeNull();
    expect(await verifyVisitor(SECRET, session)).toBeNull();
  });

  it("refuses expired tokens and tokens signed with another secret", async () => {
    const expired = await signVisitor(SECRET, { tenantId: "t1", chatId: "c1", visitorId: "v1" }, -10);
    expect(await verifyVisitor(SECRET, expired)).toBeNull();
    const foreign = await signVisitor("another-secret-another-secret-another", { tenantId: "t1", chatId: "c1", visitorId: "v1" }, 60);
    expect(await verifyVisitor(SECRET, foreign)).toBeNull();
  });
});

describe("frame parsing", () => {
  it("classifies every kind of bad frame with a stable code", () => {
    const code = (raw: string | ArrayBuffer) => {
      const r = parseFrame(ChatClientFrame, raw);
      return r.ok ? "ok" : r.code;
    };
    expect(code('{"type":"msg","clientId":"a","body":"hi"}')).toBe("ok");
    expect(code('{"type":"msg","clientId":"a","body":"   "}')).toBe("invalid_frame");
    expect(code("{")).toBe("bad_json");
    expect(code('{"type":"nope"}')).toBe("unknown_type");
    expect(code('{"type":"read","seq":1.5}')).toBe("invalid_frame");
    expect(code(new ArrayBuffer(4))).toBe("binary_not_supported");
    expect(code("x".repeat(LIMITS.frameChars + 1))).toBe("frame_too_large");
  });

  it("trims message bodies", () => {
    const r = parseFrame(ChatClientFrame, '{"type":"msg","clientId":"a","body":"  hello  "}');
    expect(r.ok && r.frame.type === "msg" && r.frame.body).toBe("hello");
  });
});
