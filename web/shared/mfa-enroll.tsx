import { useState } from "preact/hooks";
import { api, errorMessage, sentence } from "./api";
import { FormError } from "./auth-card";
import { useResource } from "./hooks";
import { QrCode } from "./qr-code";
import { LoadState } from "./status";
import type { SignInResult } from "./user";

export interface Enabled extends SignInResult {
  recoveryCodes: string[];
}

/** "JBSW Y3DP EHPK 3PXP": groups of four are easier to type into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * Setting up an authenticator app: the server makes a secret (shown as a QR code and as text
 * for manual entry) and two-step sign-in is on once the user proves the app works with a code.
 */
export function MfaEnrollment({ onEnabled, onCancel }: { onEnabled: (r: Enabled) => void; onCancel?: () => void }) {
  // Each mount starts a fresh set-up; the server keeps only the latest secret as pending.
  const setup = useResource((signal) => api<{ secret: string; otpauthUri: string }>("/api/auth/mfa/setup", { method: "POST", signal }), []);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const digits = code.replace(/\s/g, "");

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || !/^\d{6}$/.test(digits)) return;
    setBusy(true);
    setError(null);
    try {
      onEnabled(await api<Enabled>("/api/auth/mfa/enable", { body: { code: digits } }));
    } catch (err) {
      setError(sentence(errorMessage(err)));
      setBusy(false);
    }
  }

  return (
    <LoadState loading={setup.loading} error={setup.error} onRetry={setup.reload}>
      {setup.data && (
        <div class="enroll">
          <ol class="enroll-steps">
            <li>
              <p>
                Open an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator, 1Password or Aegis) and
                scan this code.
              </p>
              <QrCode text={setup.data.otpauthUri} label="QR code to add Parley to your authenticator app" />
              <p class="small muted">Can't scan it? Add an account by hand with this key (time-based):</p>
              <code class="secret" data-testid="mfa-secret">
                {groupSecret(setup.data.secret)}
              </code>
            </li>
            <li>
              <form onSubmit={submit} noValidate>
                <label class="field">
                  <span>Enter the 6-digit code the app shows</span>
                  <input
                    class="code-input"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={7}
                    value={code}
                    onInput={(e) => setCode(e.currentTarget.value)}
                    data-testid="mfa-enroll-code"
                  />
                </label>
                <FormError message={error} testId="mfa-enroll-error" />
                <div class="button-row">
                  <button type="submit" class="btn primary" disabled={busy || !/^\d{6}$/.test(digits)} data-testid="mfa-enroll-submit">
                    {busy ? "Checking…" : "Turn on two-step sign-in"}
                  </button>
                  {onCancel && (
                    <button type="button" class="btn subtle" onClick={onCancel}>
                      Cancel
                    </button>
                  )}
                </div>
              </form>
            </li>
          </ol>
        </div>
      )}
    </LoadState>
  );
}
