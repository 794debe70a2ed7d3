/**
 * What each role may see and change. This table is the single source of the capability matrix:
 * the Worker enforces it on every route (`requireCapability`), the scoping helpers below decide
 * which rows a role may read, docs/security-model.md renders it, and the role-matrix test runs
 * every route against it.
 */
import type { Role } from "./protocol";

export type Capability =
  | "settings.read"
  | "settings.write"
  | "users.read"
  | "users.write"
  | "departments.write"
  | "chats.answer"
  | "transcripts.read"
  | "security_events.read";

export const ROLES: readonly Role[] = ["site_admin", "site_manager", "dept_manager", "agent"];

const MATRIX: Record<Role, readonly Capability[]> = {
  site_admin: ["settings.read", "settings.write", "users.read", "users.write", "departments.write", "chats.answer", "transcripts.read", "security_events.read"],
  site_manager: ["settings.read", "users.read", "chats.answer", "transcripts.read", "security_events.read"],
  dept_manager: ["users.read", "chats.answer", "transcripts.read"],
  agent: ["chats.answer", "transcripts.read"],
};

export function can(role: Role, capability: Capability): boolean {
  return MATRIX[role].includes(capability);
}

/**
 * Which rows of department-owned data (queued chats, transcripts, offline messages, users) a
 * role reads: the whole tenant, only its departments, or only what it took part in.
 */
export type Scope = "tenant" | "departments" | "own";

export function dataScope(role: Role, data: "chats" | "transcripts" | "offline_messages" | "users"): Scope {
  if (role === "site_admin" || role === "site_manager") return "tenant";
  if (role === "dept_manager") return "departments";
  // Agents see the queue and offline messages of their departments, but only their own transcripts.
  return data === "transcripts" ? "own" : "departments";
}
