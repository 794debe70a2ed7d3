import type { AdminUser } from "./types";

/**
 * What state an account is in, as chips: whether the person can sign in now (Active, Disabled,
 * Locked, Invited) and whether two-step sign-in is on.
 */
export function UserStatus({ user: u }: { user: AdminUser }) {
  return (
    <span class="chips" data-testid="user-status">
      {u.disabled ? (
        <span class="chip danger" title="Cannot sign in until enabled again">
          Disabled
        </span>
      ) : u.pendingPassword ? (
        <span class="chip info" title="Has not chosen a password yet (invitation or reset link pending)">
          Invited
        </span>
      ) : (
        !u.locked && <span class="chip ok">Active</span>
      )}
      {u.locked && (
        <span class="chip warn" title="Locked after too many failed sign-ins">
          Locked
        </span>
      )}
      {u.mfaEnabled && (
        <span class="chip" title="Two-step sign-in is on">
          MFA on
        </span>
      )}
    </span>
  );
}
