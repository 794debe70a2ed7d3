import type { FunctionComponent } from "preact";
import type { Capability } from "../../core/capabilities";
import type { SessionUser } from "../shared/user";
import { ChatSecurityPage } from "./chat-security";
import { DepartmentsPage } from "./departments";
import { EventsPage } from "./events";
import { PolicyPage } from "./policy";
import { UsersPage } from "./users";
import { WidgetPage } from "./widget";

/** What every admin page gets: who is looking, and whether their role may change things here. */
export interface PageProps {
  user: SessionUser;
  canWrite: boolean;
}

export interface AdminRoute {
  /** URL fragment (#/id) and data-testid suffix (nav-id). */
  id: string;
  label: string;
  /** One line under the page title. */
  description: string;
  /** Needed to see the page (the nav hides it otherwise) and to change what it shows (none: a page that only shows). */
  read: Capability;
  write?: Capability;
  page: FunctionComponent<PageProps>;
}

/**
 * The admin sections, in nav order. A new settings page (Privacy, Retention, …) is one
 * component plus one entry here. The capabilities mirror the server's checks on the page's
 * endpoints (core/capabilities.ts), which refuse anyway.
 */
export const ROUTES: AdminRoute[] = [
  {
    id: "departments",
    label: "Departments",
    description: "Teams that visitors choose from and agents belong to.",
    read: "users.read",
    write: "departments.write",
    page: DepartmentsPage,
  },
  {
    id: "users",
    label: "Users",
    description: "Who can sign in, with which role and in which departments.",
    read: "users.read",
    write: "users.write",
    page: UsersPage,
  },
  {
    id: "policy",
    label: "Password & sign-in",
    description: "Password rules, lockout, session timeouts and two-step sign-in for everyone in your organisation.",
    read: "settings.read",
    write: "settings.write",
    page: PolicyPage,
  },
  {
    id: "chat-security",
    label: "Chat security",
    description: "What agents and visitors may do in chats, what is masked, what is stored, and which visitors are blocked.",
    read: "settings.read",
    write: "settings.write",
    page: ChatSecurityPage,
  },
  {
    id: "events",
    label: "Security events",
    description: "Recent sign-ins, failed attempts, and changes to accounts, the sign-in policy and chat security.",
    read: "security_events.read",
    page: EventsPage,
  },
  {
    id: "widget",
    label: "Widget",
    description: "The chat widget's embed code and the sites allowed to use it.",
    read: "settings.read",
    write: "settings.write",
    page: WidgetPage,
  },
];
