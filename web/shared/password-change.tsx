import { RepeatPasswordField } from "./repeat-password";
import { useState } from "preact/hooks";
import { api, ApiError } from "./api";
import { PasswordError } from "./password-problems";
import type { SignInResult } from "./user";

/**
 * Current password + new password twice. Used for an expired password during sign-in and on
 * the account page; the server checks the policy and answers every problem at once. Changing
 * the password ends the user's other sessions (the server issues this one a fresh cookie).
 */
export function PasswordChangeForm({ submitLabel, onChanged }: { submitLabel: string; onChanged: (r: SignInResult) => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const mismatch = confirm.length > 0 && next !== confirm;
  // A change to the same password would satisfy an expiry without changing anything.
  const same = next.length > 0 && next === current;
  const ready = current !== "" && next !== "" && next === confirm && !same;

  async function submit(e: Event) {
    e.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api<SignInResult>("/api/auth/password", { body: { currentPassword: current, newPassword: next } });
      setCurrent("");
      setNext("");
      setConfirm("");
      setBusy(false);
      onChanged(result);
    } catch (err) {
      // The server words a wrong password for the login form ("e-mail or password"); say it for this one.
      const wrongCurrent = err instanceof ApiError && err.code === "invalid_credentials";
      setError(wrongCurrent ? new Error("Your current password is not correct. Repeated wrong tries lock the account.") : err);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate class="password-form">
      <label class="field">
        <span>Current password</span>
        <input type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} data-testid="pw-current" />
      </label>
      <label class="field">
        <span>New password</span>
        <input
          type="password"
          autoComplete="new-password"
          value={next}
          aria-invalid={same}
          aria-describedby="pw-new-hint"
          onInput={(e) => setNext(e.currentTarget.value)}
          data-testid="pw-new"
        />
        <small id="pw-new-hint" class={same ? "hint error-text" : "hint"}>
          {same ? "Choose a password different from the current one." : "A long phrase of several words is easy to remember and hard to guess."}
        </small>
      </label>
      <RepeatPasswordField label="Repeat the new password" value={confirm} mismatch={mismatch} hintId="pw-confirm-hint" testId="pw-confirm" onInput={setConfirm} />
      <PasswordError error={error} />
      <button type="submit" class="btn primary" disabled={!ready || busy} data-testid="pw-submit">
        {busy ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
