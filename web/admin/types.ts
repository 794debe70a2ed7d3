import type { Role } from "../../core/protocol";

/** Bodies of the /api/admin endpoints. */
export interface AdminDepartment {
  id: string;
  name: string;
  agentCount: number;
}

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentIds: string[];
  disabled: boolean;
  /** Too many failed sign-ins; an administrator may unlock before the lock runs out. */
  locked: boolean;
  mfaEnabled: boolean;
  /** Invited (or reset) and no password chosen yet. */
  pendingPassword: boolean;
  createdAt: number;
}

/** An invitation or a password reset: the account and its one-time link (shown once). */
export interface UserWithLink {
  user: AdminUser;
  link: string;
}

export interface SecurityEvent {
  id: string;
  action: string;
  actorId: string | null;
  actorName: string | null;
  targetId: string | null;
  targetName: string | null;
  detail: Record<string, unknown> | null;
  at: number;
}

export interface WidgetSettings {
  publicKey: string;
  allowedOrigins: string[];
  snippet: string;
}
