import { useRef } from "preact/hooks";
import { copyText } from "./clipboard";

/**
 * The ten one-time recovery codes, shown exactly once after two-step sign-in is set up. The
 * user must say they saved them before going on: there is no way to see them again.
 */
export function RecoveryCodes({ codes, onDone, doneLabel }: { codes: string[]; onDone: () => void; doneLabel?: string }) {
  const listRef = useRef<HTMLOListElement>(null);
  return (
    <div class="recovery">
      <p>
        If you lose your phone, each of these codes lets you sign in <strong>once</strong> instead of a code from the app. Keep them somewhere
        safe, such as a password manager. <strong>They are shown only now.</strong>
      </p>
      <ol class="recovery-codes" ref={listRef} data-testid="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div class="button-row">
        <button type="button" class="btn" onClick={() => void copyText(codes.join("\n"), "Recovery codes", listRef.current)} data-testid="recovery-copy">
          Copy codes
        </button>
        <button type="button" class="btn primary" onClick={onDone} data-testid="recovery-done">
          {doneLabel ?? "I have saved them"}
        </button>
      </div>
    </div>
  );
}
