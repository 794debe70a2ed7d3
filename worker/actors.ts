/** Addressing the actors. Names always start with the tenant id taken from a verified credential. */
import { identityHeaders, type SocketIdentity } from "../durable/identity";
import type { AgentRef } from "../durable/tenant";
import type { User } from "./db/directory";

export const tenantActor = (env: Env, tenantId: string) => env.TENANT.get(env.TENANT.idFromName(tenantId));
export const chatActor = (env: Env, tenantId: string, chatId: string) => env.CHAT.get(env.CHAT.idFromName(`${tenantId}:${chatId}`));

export const agentRef = (u: User): AgentRef => ({ id: u.id, name: u.name, role: u.role, departmentIds: u.departmentIds });

/** The identity an agent's socket carries into an actor. */
export const agentIdentity = (u: User, sid: string): SocketIdentity => ({
  tenantId: u.tenantId,
  kind: "agent",
  id: u.id,
  name: u.name,
  departmentIds: u.departmentIds,
  sid,
  role: u.role,
});

/**
 * Forwards a WebSocket upgrade to an actor with the verified identity attached. The forwarded
 * request is built here, so identity headers a client sent are discarded.
 */
export function forwardUpgrade(
  stub: { fetch(req: Request): Promise<Response> },
  request: Request,
  who: SocketIdentity,
  extra: Record<string, string> = {},
): Promise<Response> {
  const headers = new Headers();
  for (const name of ["Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"]) {
    const v = request.headers.get(name);
    if (v !== null) headers.set(name, v);
  }
  for (const [k, v] of Object.entries({ ...identityHeaders(who), ...extra })) headers.set(k, v);
  return stub.fetch(new Request(request.url, { method: "GET", headers }));
}

/**
 * Answers a WebSocket upgrade with a socket that is closed at once with `code`. Browsers cannot
 * read the HTTP status of a refused upgrade, but they can read a close code and reason, so
 * clients learn *why* (4401 bad token, 4403 not yours, 4404 no such chat) and stop retrying.
 */
export function refuseUpgrade(request: Request, code: number, reason: string): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.close(code, reason);
  const headers = new Headers();
  if (request.headers.get("Sec-WebSocket-Protocol")?.includes("parley.v1")) headers.set("Sec-WebSocket-Protocol", "parley.v1");
  return new Response(null, { status: 101, webSocket: client, headers });
}
