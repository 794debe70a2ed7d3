import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { api, ApiError, errorMessage, onUnauthenticated } from "./api";
import { LoginForm } from "./login";
import { toast } from "./toast";
import type { SessionUser } from "./user";

type Phase = { kind: "loading" } | { kind: "anonymous" } | { kind: "error"; message: string } | { kind: "user"; user: SessionUser };

export interface Session {
  user: SessionUser;
  logout: () => Promise<void>;
}

/**
 * Shows the login form until there is a session, then renders the app for that user.
 * The app is keyed by user id, so signing in as someone else starts from a clean slate
 * (no sockets or cached data of the previous user survive).
 */
export function SessionGate({ product, children }: { product: string; children: (s: Session) => ComponentChildren }) {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });

  const load = useCallback(async () => {
    setPhase({ kind: "loading" });
    try {
      const { user } = await api<{ user: SessionUser }>("/api/auth/me");
      setPhase({ kind: "user", user });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setPhase({ kind: "anonymous" });
      else setPhase({ kind: "error", message: errorMessage(e) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(
    () =>
      onUnauthenticated(() =>
        setPhase((p) => {
          if (p.kind === "user") toast("Your session has ended. Please sign in again.", "error");
          return { kind: "anonymous" };
        }),
      ),
    [],
  );

  const logout = useCallback(async () => {
    // Even if the request fails the user asked to leave: drop the UI state either way.
    await api("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    setPhase({ kind: "anonymous" });
  }, []);

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
      return <LoginForm product={product} onLogin={(user) => setPhase({ kind: "user", user })} />;
    case "user":
      return <div key={phase.user.id} class="app-root">{children({ user: phase.user, logout })}</div>;
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
