import type { Role } from "../../core/protocol";

/** The signed-in user, as `/api/auth/login` and `/api/auth/me` return it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  tenantId: string;
  tenantName: string;
  departmentIds: string[];
}

export const ROLE_LABELS: Record<Role, string> = {
  site_admin: "Site admin",
  site_manager: "Site manager",
  dept_manager: "Department manager",
  agent: "Agent",
};
