/**
 * Signed tokens (HS256 JWTs via jose). Two kinds, told apart by audience so that one can never
 * be replayed as the other:
 * - session: names a server-side session row; the row, not the token, decides validity.
 * - visitor: lets one anonymous visitor use one chat of one tenant.
 */
import { jwtVerify, SignJWT } from "jose";

const ISSUER = "parley";
const enc = new TextEncoder();

export interface SessionClaims {
  sid: string;
  tenantId: string;
  userId: string;
}
export interface VisitorClaims {
  tenantId: string;
  chatId: string;
  visitorId: string;
}

function key(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error("AUTH_SECRET must be at least 32 characters");
  return enc.encode(secret);
}

async function sign(secret: string, aud: string, claims: Record<string, string>, ttlSeconds: number): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key(secret));
}

async function verify(secret: string, aud: string, token: string): Promise<Record<string, unknown> | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, audience: aud, algorithms: ["HS256"] });
    return payload;
  } catch {
    return null;
  }
}

const str = (v: unknown): v is string => typeof v === "string" && v.length > 0;

export const signSession = (secret: string, c: SessionClaims, ttlSeconds: number) =>
  sign(secret, "session", { sid: c.sid, t: c.tenantId, sub: c.userId }, ttlSeconds);

export async function verifySession(secret: string, token: string): Promise<SessionClaims | null> {
  const p = await verify(secret, "session", token);
  return p && str(p.sid) && str(p.t) && str(p.sub) ? { sid: p.sid, tenantId: p.t, userId: p.sub } : null;
}

export const signVisitor = (secret: string, c: VisitorClaims, ttlSeconds: number) =>
  sign(secret, "visitor", { t: c.tenantId, c: c.chatId, sub: c.visitorId }, ttlSeconds);

export async function verifyVisitor(secret: string, token: string): Promise<VisitorClaims | null> {
  const p = await verify(secret, "visitor", token);
  return p && str(p.t) && str(p.c) && str(p.sub) ? { tenantId: p.t, chatId: p.c, visitorId: p.sub } : null;
}
