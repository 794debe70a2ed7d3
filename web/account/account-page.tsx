import { useEffect, useState } from "preact/hooks";
import { api } from "../shared/api";
import { ConfirmDialog } from "../shared/confirm";
import { AppHeader } from "../shared/header";
import { PasswordChangeForm } from "../shared/password-change";
import type { Session } from "../shared/session";
import { toast } from "../shared/toast";
import { ROLE_LABELS } from "../shared/user";
import { MfaCard } from "./mfa-card";

/** "Your account": who you are, your password, two-step sign-in, and your sessions. */
export function AccountPage({ session }: { session: Session }) {
  const { user } = session;
  useEffect(() => {
    document.title = "Your account · Parley";
  }, []);

  return (
    <div class="account">
      <AppHeader product="Account" user={user} onLogout={() => void session.logout()} />
      <main id="main" class="page account-main">
        <h1 class="page-title">Your account</h1>
        <p class="muted page-desc">Your sign-in details for {user.tenantName}.</p>

        <section class="card" aria-labelledby="profile-title">
          <h2 id="profile-title" class="card-title">
            Profile
          </h2>
          <dl class="facts">
            <div>
              <dt>Name</dt>
              <dd>{user.name}</dd>
            </div>
            <div>
              <dt>E-mail</dt>
              <dd data-testid="account-email">{user.email}</dd>
            </div>
            <div>
              <dt>Role</dt>
              <dd>{ROLE_LABELS[user.role]}</dd>
            </div>
            <div>
              <dt>Organisation</dt>
              <dd>{user.tenantName}</dd>
            </div>
          </dl>
          <p class="small muted">An administrator of your organisation can change your name, role and departments.</p>
        </section>

        <section class="card" aria-labelledby="password-title">
          <h2 id="password-title" class="card-title">
            Password
          </h2>
          <p class="small muted">Changing your password signs you out on your other devices.</p>
          <PasswordChangeForm
            submitLabel="Change password"
            onChanged={() => toast("Password changed. Your other devices have been signed out.", "success")}
          />
        </section>

        <MfaCard />

        <SessionsCard session={session} />
      </main>
    </div>
  );
}

function SessionsCard({ session }: { session: Session }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title" class="card-title">
        Signed-in devices
      </h2>
      <p>Lost a laptop or signed in on a shared computer? End every session of yours at once, this one included.</p>
      <button type="button" class="btn danger" onClick={() => setConfirming(true)} data-testid="sign-out-everywhere">
        Sign out everywhere
      </button>
      {confirming && (
        <ConfirmDialog
          title="Sign out everywhere?"
          confirmLabel="Sign out everywhere"
          busyLabel="Signing out…"
          danger
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await api("/api/auth/sign-out-everywhere", { method: "POST" });
            session.ended("You have been signed out on every device, including this one.");
          }}
        >
          <p>Every browser and device signed in as {session.user.email} will be signed out, including this one.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
