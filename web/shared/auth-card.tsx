import type { ComponentChildren } from "preact";

/**
 * The centred card every sign-in screen uses (login, code, password change, enrolment, link
 * pages), so each step looks like part of one flow.
 */
export function AuthCard(props: { product: string; title: string; wide?: boolean; testId?: string; children: ComponentChildren }) {
  return (
    <main class="login-page" id="main">
      <section class={props.wide ? "card login-card wide" : "card login-card"} aria-labelledby="auth-title" data-testid={props.testId}>
        <p class="login-brand">
          <span class="brand-mark" aria-hidden="true" />
          Parley <span class="muted">{props.product}</span>
        </p>
        <h1 id="auth-title" class="auth-title">
          {props.title}
        </h1>
        {props.children}
      </section>
    </main>
  );
}

/** A server refusal inside a form; `role=alert` so screen readers hear it at once. */
export function FormError({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <p class="form-error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}
