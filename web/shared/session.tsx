import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { api, ApiError, errorMessage, onSessionProblem, sentence } from "./api";
import { LoginForm } from "./login";
import { RecoveryStep, SignInStep } from "./sign-in-steps";
import type { MeResponse, PendingStage, SessionUser, SignInResult } from "./user";

type Phase =
  | { kind: "loading" }
  | { kind: "anonymous"; notice?: string | undefined }
  | { kind: "error"; message: string }
  | { kind: "step"; user: SessionUser; stage: PendingStage }
  | { kind: "recovery"; result: SignInResult; codes: string[] }
  | { kind: "user"; user: SessionUser };

export interface Session {
  user: SessionUser;
  logout: () => Promise<void>;
  /** The server already ended the session (e.g. sign out everywhere): show the login form saying why. */
  ended: (notice: string) => void;
}

/** Why the login form is showing when the user did not sign out themselves. */
function noticeFor(e: ApiError, wasSignedIn: boolean): string | undefined {
  if (e.code === "session_expired") {
    // "signed out after a period of inactivity" / "the session reached its maximum age; sign in again"
    const reason = e.message.replace(/;\s*sign in again\.?$/i, "");
    return `${sentence(reason.startsWith("signed out") ? `you were ${reason}` : reason)} Please sign in again.`;
  }
  return wasSignedIn ? "Your session has ended. Please sign in again." : undefined;
}

/**
 * Shows the login form until there is a session, walks the user through whatever the sign-in
 * still owes (a code, an expired password, enrolling in two-step sign-in), then renders the app.
 * The app is keyed by user id, so signing in as someone else starts from a clean slate (no
 * sockets or cached data of the previous user survive).
 */
export function SessionGate({ product, children }: { product: string; children: (s: Session) => ComponentChildren }) {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });

  const advance = useCallback((r: SignInResult) => {
    setPhase(r.stage === "active" ? { kind: "user", user: r.user } : { kind: "step", user: r.user, stage: r.stage });
  }, []);

  const load = useCallback(async () => {
    setPhase({ kind: "loading" });
    try {
      advance(await api<MeResponse>("/api/auth/me"));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setPhase({ kind: "anonymous", notice: noticeFor(e, false) });
      else setPhase({ kind: "error", message: sentence(errorMessage(e)) });
    }
  }, [advance]);

  useEffect(() => {
    void load();
  }, [load]);

  // Any call may find the session gone (expired, revoked) or a step still due.
  useEffect(
    () =>
      onSessionProblem((e) => {
        if (e.code === "sign_in_incomplete") return void load();
        setPhase((p) => (p.kind === "loading" || p.kind === "anonymous" ? p : { kind: "anonymous", notice: noticeFor(e, true) }));
      }),
    [load],
  );

  const logout = useCallback(async () => {
    // Even if the request fails the user asked to leave: drop the UI state either way.
    await api("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    setPhase({ kind: "anonymous" });
  }, []);

  const ended = useCallback((notice: string) => setPhase({ kind: "anonymous", notice }), []);

  switch (phase.kind) {
    case "loading":
      return (
        <div class="center-screen" role="status" aria-live="polite">
          <span class="spinner" aria-hidden="true" /> Loading…
        </div>
      );
    case "error":
      return (
        <div class="center-screen" role="alert">
          <p>{phase.message}</p>
          <button class="btn" onClick={() => void load()}>
            Try again
          </button>
        </div>
      );
    case "anonymous":
      return <LoginForm product={product} notice={phase.notice} onLogin={advance} />;
    case "step":
      return (
        <SignInStep
          // Keyed: a new step (or a new user) starts with empty fields.
          key={`${phase.user.id}:${phase.stage}`}
          product={product}
          user={phase.user}
          stage={phase.stage}
          onDone={advance}
          onEnrolled={({ recoveryCodes, ...result }) => setPhase({ kind: "recovery", result, codes: recoveryCodes })}
          onCancel={() => void logout()}
        />
      );
    case "recovery":
      return <RecoveryStep product={product} codes={phase.codes} onDone={() => advance(phase.result)} />;
    case "user":
      return (
        <div key={phase.user.id} class="app-root">
          {children({ user: phase.user, logout, ended })}
        </div>
      );
  }
}

/** Shown to signed-in users whose role may not use this app. */
export function NoAccess({ user, onLogout, hint }: { user: SessionUser; onLogout: () => void; hint?: ComponentChildren }) {
  return (
    <main class="center-screen" id="main" data-testid="no-access">
      <div class="card narrow">
        <h1>You don't have access</h1>
        <p>
          You are signed in as <strong>{user.email}</strong>, which cannot use this page.
        </p>
        {hint}
        <button class="btn" onClick={onLogout}>
          Sign out
        </button>
      </div>
    </main>
  );
}
