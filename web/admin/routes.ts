import type { FunctionComponent } from "preact";
import type { SessionUser } from "../shared/user";
import { DepartmentsPage } from "./departments";
import { UsersPage } from "./users";
import { WidgetPage } from "./widget";

export interface AdminRoute {
  /** URL fragment (#/id) and data-testid suffix (nav-id). */
  id: string;
  label: string;
  /** One line under the page title. */
  description: string;
  page: FunctionComponent<{ user: SessionUser }>;
}

/**
 * The admin sections, in nav order. A new settings page (Security, Privacy, Retention,
 * Audit, …) is one component plus one entry here.
 */
export const ROUTES: AdminRoute[] = [
  { id: "departments", label: "Departments", description: "Teams that visitors choose from and agents belong to.", page: DepartmentsPage },
  { id: "users", label: "Users", description: "Who can sign in, with which role and in which departments.", page: UsersPage },
  { id: "widget", label: "Widget", description: "The chat widget's embed code and the sites allowed to use it.", page: WidgetPage },
];
