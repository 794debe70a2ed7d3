import type { ComponentChildren } from "preact";
import { can } from "../../core/capabilities";
import { Menu } from "./menu";
import type { SessionUser } from "./user";
import { ROLE_LABELS } from "./user";

/** The three web apps, for the user menu's links between them. */
const APPS = [
  { product: "Console", label: "Agent console", href: "/console/", testId: "console-link", allowed: (_u: SessionUser) => true },
  // Any role that may read some admin page gets the link; the admin app shows only those pages.
  { product: "Admin", label: "Admin", href: "/admin/", testId: "admin-link", allowed: (u: SessionUser) => can(u.role, "users.read") || can(u.role, "settings.read") },
  { product: "Account", label: "Your account", href: "/account/", testId: "account-link", allowed: (_u: SessionUser) => true },
];

/** Top bar shared by console, admin and account: product, tenant, app-specific controls, user menu. */
export function AppHeader(props: { product: string; user: SessionUser; onLogout: () => void; children?: ComponentChildren }) {
  const { user } = props;
  return (
    <header class="app-header">
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <div class="brand">
        <span class="brand-mark" aria-hidden="true" />
        <span>Parley</span>
        <span class="brand-product">{props.product}</span>
      </div>
      <span class="tenant" data-testid="tenant-name" title="Organisation">
        {user.tenantName}
      </span>
      <div class="header-main">{props.children}</div>
      <div class="header-user">
        <Menu
          buttonClass="btn subtle user-button"
          testId="user-menu"
          ariaLabel={`Account menu for ${user.name}`}
          label={
            <>
              <span class="user-name" data-testid="current-user">
                {user.name}
              </span>
              <span class="caret" aria-hidden="true" />
            </>
          }
          header={
            <>
              <strong>{user.name}</strong>
              <span class="muted small">{user.email}</span>
              <span class="muted small">{ROLE_LABELS[user.role]}</span>
            </>
          }
          items={[
            ...APPS.filter((a) => a.product !== props.product && a.allowed(user)).map((a) => ({ label: a.label, href: a.href, testId: a.testId })),
            { label: "Sign out", onSelect: props.onLogout, testId: "logout" },
          ]}
        />
      </div>
    </header>
  );
}
