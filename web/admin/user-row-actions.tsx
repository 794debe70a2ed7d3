import { Menu, type MenuItem } from "../shared/menu";
import type { SessionUser } from "../shared/user";
import type { AdminUser } from "./types";
import { ACTIONS, type UserAction } from "./user-actions";

/**
 * A row's buttons: Edit, Unlock when the account is locked (the one urgent thing), and the
 * rarer account actions in a menu. What would cut the administrator off (disabling, deleting or
 * signing out themselves) is disabled with the reason as its title.
 */
export function UserRowActions({ user: u, me, onEdit, onAction }: { user: AdminUser; me: SessionUser; onEdit: () => void; onAction: (a: UserAction) => void }) {
  const self = u.id === me.id;
  return (
    <>
      <button type="button" class="btn small" onClick={onEdit} data-testid="user-edit" aria-label={`Edit ${u.name}`}>
        Edit
      </button>
      {u.locked && (
        <button type="button" class="btn small" onClick={() => onAction(ACTIONS.unlock)} data-testid="user-unlock" aria-label={`Unlock ${u.name}`}>
          Unlock
        </button>
      )}
      <Menu
        label={
          <>
            More <span class="caret" aria-hidden="true" />
          </>
        }
        buttonClass="btn small"
        testId="user-more"
        ariaLabel={`More actions for ${u.name}`}
        items={[
          {
            ...item(u.disabled ? ACTIONS.enable : ACTIONS.disable, onAction),
            disabled: self && !u.disabled,
            title: self ? "You cannot disable your own account" : undefined,
          },
          item(ACTIONS["reset-password"], onAction),
          { ...item(ACTIONS["reset-mfa"], onAction), disabled: !u.mfaEnabled, title: u.mfaEnabled ? undefined : "Two-step sign-in is not set up" },
          { ...item(ACTIONS["sign-out"], onAction), disabled: self, title: self ? "Use “Sign out everywhere” on your account page" : undefined },
          { ...item(ACTIONS.delete, onAction), danger: true, disabled: self, title: self ? "You cannot delete your own account" : undefined },
        ]}
      />
    </>
  );
}

function item(a: UserAction, onAction: (a: UserAction) => void): MenuItem {
  return { label: a.label, testId: a.testId, onSelect: () => onAction(a) };
}
