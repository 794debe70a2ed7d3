import { useState } from "preact/hooks";
import { api, ApiError } from "../shared/api";
import { ConfirmDialog } from "../shared/confirm";
import { useResource } from "../shared/hooks";
import { MfaEnrollment } from "../shared/mfa-enroll";
import { RecoveryCodes } from "../shared/recovery-codes";
import { LoadState } from "../shared/status";
import { toast } from "../shared/toast";
import type { MeResponse } from "../shared/user";

type Mode = { kind: "view" } | { kind: "enrolling" } | { kind: "codes"; codes: string[] } | { kind: "disabling" };

/** Two-step sign-in: its state, setting it up with an app, and turning it off (policy permitting). */
export function MfaCard() {
  const me = useResource((signal) => api<MeResponse>("/api/auth/me", { signal }), []);
  const [mode, setMode] = useState<Mode>({ kind: "view" });
  const enabled = me.data?.mfaEnabled ?? false;
  const required = me.data?.mfaRequired ?? false;

  return (
    <section class="card" aria-labelledby="mfa-title" data-testid="mfa-card">
      <div class="card-head">
        <h2 id="mfa-title" class="card-title">
          Two-step sign-in
        </h2>
        {me.data && (
          <span class={enabled ? "chip ok" : "chip"} data-testid="mfa-status">
            {enabled ? "On" : "Off"}
          </span>
        )}
      </div>
      <LoadState loading={me.loading && !me.data} error={me.error} onRetry={me.reload}>
        {mode.kind === "enrolling" ? (
          <MfaEnrollment
            onCancel={() => setMode({ kind: "view" })}
            onEnabled={(r) => {
              me.mutate((cur) => cur && { ...cur, mfaEnabled: true });
              setMode({ kind: "codes", codes: r.recoveryCodes });
            }}
          />
        ) : mode.kind === "codes" ? (
          <>
            <p class="notice ok" role="status">
              Two-step sign-in is on. From now on you will be asked for a code from the app after your password.
            </p>
            <RecoveryCodes codes={mode.codes} onDone={() => setMode({ kind: "view" })} />
          </>
        ) : enabled ? (
          <>
            <p>After your password, you enter a code from your authenticator app. Keep your recovery codes for when the phone is lost.</p>
            {required ? (
              <p class="small muted" data-testid="mfa-required-note">
                Your organisation requires two-step sign-in for your role, so it cannot be turned off. If you lost your phone and your recovery
                codes, ask an administrator to reset it.
              </p>
            ) : (
              <button type="button" class="btn danger" onClick={() => setMode({ kind: "disabling" })} data-testid="mfa-disable">
                Turn off
              </button>
            )}
          </>
        ) : (
          <>
            <p>
              Protect your account with a code from an authenticator app on your phone, so a stolen password alone is not enough to sign in.
              {required && " Your organisation requires it for your role."}
            </p>
            <button type="button" class="btn primary" onClick={() => setMode({ kind: "enrolling" })} data-testid="mfa-setup-start">
              Set up two-step sign-in
            </button>
          </>
        )}
      </LoadState>
      {mode.kind === "disabling" && (
        <DisableDialog
          onClose={() => setMode({ kind: "view" })}
          onDisabled={() => {
            me.mutate((cur) => cur && { ...cur, mfaEnabled: false });
            setMode({ kind: "view" });
            toast("Two-step sign-in is off.", "success");
          }}
        />
      )}
    </section>
  );
}

function DisableDialog({ onClose, onDisabled }: { onClose: () => void; onDisabled: () => void }) {
  const [password, setPassword] = useState("");
  return (
    <ConfirmDialog
      title="Turn off two-step sign-in?"
      confirmLabel="Turn off"
      busyLabel="Turning off…"
      danger
      onClose={onClose}
      onConfirm={async () => {
        if (!password) throw new Error("Enter your password to confirm.");
        try {
          await api("/api/auth/mfa/disable", { body: { password } });
        } catch (e) {
          if (e instanceof ApiError && e.code === "invalid_credentials") throw new Error("That password is not correct.");
          throw e;
        }
        onDisabled();
      }}
    >
      <p>Your password alone will then be enough to sign in, and your recovery codes stop working.</p>
      <label class="field">
        <span>Your password</span>
        <input type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} data-testid="mfa-disable-password" />
      </label>
    </ConfirmDialog>
  );
}
