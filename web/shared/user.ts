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

/** Where a sign-in stands: only `active` reaches the product; the others each open one step. */
export type SignInStage = "active" | "mfa" | "password_change" | "mfa_enroll";
export type PendingStage = Exclude<SignInStage, "active">;

/** What login and every sign-in step answer. */
export interface SignInResult {
  user: SessionUser;
  stage: SignInStage;
}

/** `GET /api/auth/me`: also answered mid-sign-in, with the pending stage. */
export interface MeResponse extends SignInResult {
  mfaEnabled: boolean;
  mfaRequired: boolean;
}
