import type { ComponentChildren } from "preact";
import type { SessionUser } from "./user";
import { ROLE_LABELS } from "./user";

/** Top bar shared by console and admin: product, tenant, app-specific controls, user, sign out. */
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
        <span class="user-name" data-testid="current-user" title={`${user.email} · ${ROLE_LABELS[user.role]}`}>
          {user.name}
        </span>
        <button type="button" class="btn subtle small" onClick={props.onLogout} data-testid="logout">
          Sign out
        </button>
      </div>
    </header>
  );
}
