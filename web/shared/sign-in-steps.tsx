import { useState } from "preact/hooks";
import { api, ApiError, errorMessage, sentence } from "./api";
import { AuthCard, FormError } from "./auth-card";
import { MfaEnrollment, type Enabled } from "./mfa-enroll";
import { PasswordChangeForm } from "./password-change";
import { RecoveryCodes } from "./recovery-codes";
import type { PendingStage, SessionUser, SignInResult } from "./user";

interface StepProps {
  product: string;
  user: SessionUser;
  onDone: (r: SignInResult) => void;
  onCancel: () => void;
}

/** The screen for a sign-in that still owes a step after the password was accepted. */
export function SignInStep(props: StepProps & { stage: PendingStage; onEnrolled: (r: Enabled) => void }) {
  switch (props.stage) {
    case "mfa":
      return <CodeStep {...props} />;
    case "password_change":
      return (
        <AuthCard product={props.product} title="Choose a new password" testId="password-change-step">
          <p>Your password has expired under your organisation's rules. Choose a new one to continue.</p>
          <PasswordChangeForm submitLabel="Change password and continue" onChanged={props.onDone} />
          <CancelLink onCancel={props.onCancel} />
        </AuthCard>
      );
    case "mfa_enroll":
      return (
        <AuthCard product={props.product} title="Set up two-step sign-in" wide testId="mfa-enroll-step">
          <p>Your organisation requires a code from an authenticator app each time you sign in. It takes a minute to set up.</p>
          <MfaEnrollment onEnabled={props.onEnrolled} />
          <CancelLink onCancel={props.onCancel} />
        </AuthCard>
      );
  }
}

/** Recovery codes right after enrolment during sign-in; continuing opens the app. */
export function RecoveryStep({ product, codes, onDone }: { product: string; codes: string[]; onDone: () => void }) {
  return (
    <AuthCard product={product} title="Save your recovery codes" wide testId="recovery-step">
      <p class="notice ok" role="status">
        Two-step sign-in is on.
      </p>
      <RecoveryCodes codes={codes} onDone={onDone} />
    </AuthCard>
  );
}

function CodeStep({ product, user, onDone, onCancel }: StepProps) {
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const typed = code.trim();

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || typed.length < 6) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await api<SignInResult>("/api/auth/mfa", { body: { code: recovery ? typed : typed.replace(/\s/g, "") } }));
    } catch (err) {
      // The server answers a wrong code like a wrong password; say what it means here.
      const wrong = err instanceof ApiError && err.code === "invalid_credentials";
      setError(wrong ? "That code is not valid, or the account is locked after too many wrong tries." : sentence(errorMessage(err)));
      setCode("");
      setBusy(false);
    }
  }

  return (
    <AuthCard product={product} title="Two-step sign-in" testId="mfa-step">
      <p>
        Hello {user.name}. Enter the code from your authenticator app{recovery ? ", or one of your recovery codes" : ""}.
      </p>
      <form onSubmit={submit} noValidate>
        <label class="field">
          <span>{recovery ? "Recovery code" : "6-digit code"}</span>
          <input
            class="code-input"
            inputMode={recovery ? "text" : "numeric"}
            autoComplete="one-time-code"
            autoCapitalize="off"
            spellcheck={false}
            maxLength={32}
            placeholder={recovery ? "abcd-efgh-jk" : "123456"}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
            data-testid="mfa-code"
            autoFocus
          />
        </label>
        <FormError message={error} testId="mfa-error" />
        <button type="submit" class="btn primary block" disabled={busy || typed.length < 6} data-testid="mfa-submit">
          {busy ? "Checking…" : "Continue"}
        </button>
      </form>
      <p class="small muted auth-foot">
        {recovery ? (
          <>
            Each recovery code works once.{" "}
            <button type="button" class="link-btn" onClick={() => setRecovery(false)}>
              Use the app instead
            </button>
          </>
        ) : (
          <>
            No phone at hand?{" "}
            <button type="button" class="link-btn" onClick={() => setRecovery(true)} data-testid="mfa-use-recovery">
              Use a recovery code
            </button>{" "}
            instead.
          </>
        )}
      </p>
      <CancelLink onCancel={onCancel} />
    </AuthCard>
  );
}

function CancelLink({ onCancel }: { onCancel: () => void }) {
  return (
    <p class="small auth-foot">
      <button type="button" class="link-btn" onClick={onCancel} data-testid="sign-in-cancel">
        Cancel and sign out
      </button>
    </p>
  );
}
