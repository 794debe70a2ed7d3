import { useState } from "preact/hooks";
import { api, errorMessage, sentence } from "./api";
import { AuthCard, FormError } from "./auth-card";
import type { SignInResult } from "./user";

/**
 * Email + password form; hands the result (user and the stage still due) up. `notice` says why
 * the form is showing when the user did not ask for it (inactivity, sign-out everywhere).
 */
export function LoginForm({ product, notice, onLogin }: { product: string; notice?: string | undefined; onLogin: (r: SignInResult) => void }) {
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
      const result = await api<SignInResult>("/api/auth/login", { body: { email: email.trim(), password } });
      // Never keep the password in memory longer than needed.
      setPassword("");
      onLogin(result);
    } catch (err) {
      setError(sentence(errorMessage(err)));
      setBusy(false);
    }
  }

  return (
    <AuthCard product={product} title="Sign in">
      {notice && (
        <p class="notice" role="status" data-testid="login-notice">
          {notice}
        </p>
      )}
      <p class="muted">Sign in with your work account.</p>
      <form onSubmit={submit} noValidate>
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
        <FormError message={error} testId="login-error" />
        <button type="submit" class="btn primary block" disabled={busy || !email || !password} data-testid="login-submit">
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p class="muted small auth-foot">Forgot your password? Ask your administrator to send you a reset link.</p>
    </AuthCard>
  );
}
