/** The "repeat the password" field, with its mismatch hint; shared by every form that sets a password. */
export function RepeatPasswordField(props: { label: string; value: string; mismatch: boolean; hintId: string; testId: string; onInput: (value: string) => void }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type="password"
        autoComplete="new-password"
        value={props.value}
        aria-invalid={props.mismatch}
        aria-describedby={props.mismatch ? props.hintId : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        data-testid={props.testId}
      />
      {props.mismatch && (
        <small id={props.hintId} class="hint error-text">
          The two passwords differ.
        </small>
      )}
    </label>
  );
}
