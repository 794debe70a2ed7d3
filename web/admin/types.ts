import type { UserListing } from "../../core/protocol";

/** Bodies of the /api/admin endpoints. */
export interface AdminDepartment {
  id: string;
  name: string;
  agentCount: number;
}

/** A row of the users list (shared with the server). */
export type AdminUser = UserListing;

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
