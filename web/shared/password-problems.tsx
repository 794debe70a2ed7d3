import { ApiError, errorMessage, sentence } from "./api";

/**
 * The problems of a refused password: the server answers 400 `weak_password` with one issue per
 * broken rule ("at least 12 characters", "is on the list of commonly used passwords"), so the
 * user can fix them all at once instead of one per try.
 */
export function passwordProblems(e: unknown): string[] | null {
  if (!(e instanceof ApiError) || e.code !== "weak_password") return null;
  const messages = (e.issues ?? []).flatMap((i) => {
    const m = (i as { message?: unknown } | null)?.message;
    return typeof m === "string" ? [m] : [];
  });
  return messages.length > 0 ? messages : [e.message];
}

/** A refused password's problems as a list, or any other error as one line. */
export function PasswordError({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const problems = passwordProblems(error);
  if (!problems)
    return (
      <p class="form-error" role="alert" data-testid="password-error">
        {sentence(errorMessage(error))}
      </p>
    );
  return (
    <div class="form-error" role="alert" data-testid="password-problems">
      <p class="problems-title">That password was not accepted. Your password:</p>
      <ul class="problems">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
