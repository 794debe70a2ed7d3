import { RepeatPasswordField } from "../shared/repeat-password";
import { useState } from "preact/hooks";
import { api, errorMessage, sentence } from "../shared/api";
import { AuthCard } from "../shared/auth-card";
import { useResource } from "../shared/hooks";
import { PasswordError } from "../shared/password-problems";
import { LoadState } from "../shared/status";
import type { LinkToken } from "./link-token";
import { PasswordRules, type PasswordRulesPolicy } from "./password-rules";

interface Peek {
  purpose: "invite" | "reset";
  email: string;
  name: string;
  tenantName: string;
  password: PasswordRulesPolicy;
}

/** Choosing a password with an invitation or reset link. The link works once. */
export function SetPasswordPage({ link }: { link: LinkToken }) {
  const peek = useResource((signal) => api<Peek>("/api/auth/links/peek", { body: { token: link.token }, signal }), [link.token]);
  const [done, setDone] = useState(false);
  const title = link.purpose === "invite" ? "Welcome to Parley" : "Choose a new password";

  if (done)
    return (
      <AuthCard product="Account" title="Password set" testId="set-password-done">
        <p class="notice ok" role="status">
          Your password is saved. Use it with your e-mail address to sign in.
        </p>
        <a class="btn primary block" href="/console/" data-testid="set-password-signin">
          Sign in
        </a>
      </AuthCard>
    );

  return (
    <AuthCard product="Account" title={title} wide>
      {peek.error !== undefined ? (
        <div data-testid="link-invalid">
          <p class="form-error" role="alert">
            {sentence(errorMessage(peek.error))}
          </p>
          <p>
            <a href="/console/">Go to sign-in</a>
          </p>
        </div>
      ) : (
        <LoadState loading={peek.loading} error={undefined}>
          {peek.data && <SetPasswordForm token={link.token} info={peek.data} onDone={() => setDone(true)} />}
        </LoadState>
      )}
    </AuthCard>
  );
}

function SetPasswordForm({ token, info, onDone }: { token: string; info: Peek; onDone: () => void }) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = confirm.length > 0 && password !== confirm;

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || !password || password !== confirm) return;
    setBusy(true);
    setError(null);
    try {
      await api("/api/auth/links/complete", { body: { token, password } });
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <>
      <p>
        {info.purpose === "invite" ? (
          <>
            Hello {info.name}, you have been invited to <strong>{info.tenantName}</strong>. Choose a password for <strong>{info.email}</strong>.
          </>
        ) : (
          <>
            Choose a new password for <strong>{info.email}</strong> at <strong>{info.tenantName}</strong>.
          </>
        )}
      </p>
      <div class="set-password">
        <form onSubmit={submit} noValidate>
          {/* Lets password managers file the new password under the right account. */}
          <input type="email" class="sr-only" autoComplete="username" value={info.email} readOnly tabIndex={-1} aria-hidden="true" />
          <label class="field">
            <span>New password</span>
            <input
              type="password"
              autoComplete="new-password"
              value={password}
              maxLength={info.password.maxLength * 4}
              onInput={(e) => setPassword(e.currentTarget.value)}
              data-testid="set-password"
              autoFocus
            />
          </label>
          <RepeatPasswordField label="Repeat it" value={confirm} mismatch={mismatch} hintId="set-password-mismatch" testId="set-password-confirm" onInput={setConfirm} />
          <PasswordError error={error} />
          <button type="submit" class="btn primary block" disabled={busy || !password || password !== confirm} data-testid="set-password-submit">
            {busy ? "Saving…" : "Set password"}
          </button>
        </form>
        <PasswordRules policy={info.password} purpose={info.purpose} password={password} />
      </div>
    </>
  );
}
