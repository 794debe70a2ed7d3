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
  createdAt: number;
}

export interface WidgetSettings {
  publicKey: string;
  allowedOrigins: string[];
  snippet: string;
}
