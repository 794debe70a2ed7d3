import { useState } from "preact/hooks";
import { api, errorMessage } from "./api";
import type { SessionUser } from "./user";

/** Email + password form; hands the signed-in user up. */
export function LoginForm({ product, onLogin }: { product: string; onLogin: (user: SessionUser) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { user } = await api<{ user: SessionUser }>("/api/auth/login", { body: { email: email.trim(), password } });
      // Never keep the password in memory longer than needed.
      setPassword("");
      onLogin(user);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <main class="login-page" id="main">
      <form class="card login-card" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title" class="login-title">
          <span class="brand-mark" aria-hidden="true" />
          Parley <span class="muted">{product}</span>
        </h1>
        <p class="muted">Sign in with your work account.</p>
        <label class="field">
          <span>Email</span>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            data-testid="login-email"
            autoFocus
          />
        </label>
        <label class="field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            data-testid="login-password"
          />
        </label>
        {error && (
          <p class="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" class="btn primary block" disabled={busy || !email || !password} data-testid="login-submit">
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
