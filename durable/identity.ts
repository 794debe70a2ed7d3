/**
 * Who is on a socket. The Worker authenticates the request (visitor token or agent session)
 * and passes the verified identity to the actor in these headers; clients cannot set them
 * because the Worker builds the forwarded request itself and actors are not reachable from
 * the Internet.
 */
import { Role } from "../core/protocol";

export interface SocketIdentity {
  tenantId: string;
  kind: "visitor" | "agent";
  id: string;
  name: string;
  /** Departments of an agent (lobby sockets route queue updates by them). */
  departmentIds: string[];
  /** The agent's session, so signing out closes exactly that session's sockets. */
  sid?: string;
  /** The agent's role: what they may do in a chat depends on it (per-role settings). */
  role?: Role;
}

const H = {
  tenant: "X-Parley-Tenant",
  kind: "X-Parley-Kind",
  id: "X-Parley-Id",
  name: "X-Parley-Name",
  departments: "X-Parley-Departments",
  sid: "X-Parley-Session",
  role: "X-Parley-Role",
} as const;

export function identityHeaders(who: SocketIdentity): Record<string, string> {
  return {
    [H.tenant]: who.tenantId,
    [H.kind]: who.kind,
    [H.id]: who.id,
    [H.name]: encodeURIComponent(who.name),
    [H.departments]: who.departmentIds.join(","),
    ...(who.sid ? { [H.sid]: who.sid } : {}),
    ...(who.role ? { [H.role]: who.role } : {}),
  };
}

/** Closes the sockets of `agentId` (only those of session `sid` when given) among `sockets`. */
export function closeAgentSockets(sockets: WebSocket[], agentId: string, sid: string | undefined, code: number, reason: string): void {
  for (const ws of sockets) {
    const who = ws.deserializeAttachment() as SocketIdentity | null;
    if (who?.kind !== "agent" || who.id !== agentId || (sid !== undefined && who.sid !== sid)) continue;
    try {
      ws.close(code, reason);
    } catch {
      /* already closing */
    }
  }
}

export function identityFromHeaders(h: Headers): SocketIdentity {
  const kind = h.get(H.kind);
  const tenantId = h.get(H.tenant);
  const id = h.get(H.id);
  if ((kind !== "visitor" && kind !== "agent") || !tenantId || !id) throw new Error("socket request without a verified identity");
  return {
    tenantId,
    kind,
    id,
    name: decodeURIComponent(h.get(H.name) ?? ""),
    departmentIds: (h.get(H.departments) ?? "").split(",").filter(Boolean),
    ...(h.get(H.sid) ? { sid: h.get(H.sid)! } : {}),
    ...(Role.safeParse(h.get(H.role)).success ? { role: h.get(H.role) as Role } : {}),
  };
}
