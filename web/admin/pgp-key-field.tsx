import { useId, useState } from "preact/hooks";
import { toast } from "../shared/toast";
import { PGP_MAX_CHARS } from "./chat-settings-checks";

/**
 * The PGP public key offloaded transcripts are encrypted with: pasted, or read from an .asc
 * file. The text box keeps exactly what was typed; the settings get it trimmed (null when empty).
 */
export function PgpKeyField({ value, problem, onChange }: { value: string | null; problem: string | null; onChange: (key: string | null) => void }) {
  const id = useId();
  const [text, setText] = useState(value ?? "");

  function update(next: string) {
    setText(next);
    onChange(next.trim() || null);
  }

  async function load(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = ""; // choosing the same file again still fires change
    if (!file) return;
    // Keys are a few KB; anything far larger is not a public key, so don't read it into the page.
    if (file.size > PGP_MAX_CHARS * 4) return toast(`${file.name} is too large to be a public key.`, "error");
    update(await file.text());
  }

  const firstLine = value?.split(/\r?\n/, 1)[0] ?? "";
  return (
    <div class="field pgp-key">
      <label for={id}>PGP public key</label>
      <textarea
        id={id}
        rows={4}
        class="mono"
        spellcheck={false}
        placeholder="-----BEGIN PGP PUBLIC KEY BLOCK-----"
        value={text}
        aria-invalid={problem !== null}
        aria-describedby={`${id}-hint`}
        onInput={(e) => update(e.currentTarget.value)}
        data-testid="pgp-key"
      />
      <div class="input-row">
        <label class="btn small file-btn">
          Load .asc file…
          <input type="file" class="sr-only" accept=".asc,.txt,.pub,.key,application/pgp-keys,text/plain" onChange={(e) => void load(e.currentTarget)} data-testid="pgp-key-file" />
        </label>
        {value !== null && (
          <button type="button" class="btn small subtle" onClick={() => update("")} data-testid="pgp-key-remove">
            Remove key
          </button>
        )}
        {value !== null && (
          <span class="small muted key-summary" data-testid="pgp-key-summary">
            <code>{firstLine}</code> · {value.length.toLocaleString()} characters
          </span>
        )}
      </div>
      <small id={`${id}-hint`} class={problem ? "hint error-text" : "hint"}>
        {problem ?? "Only the public key: Parley can encrypt with it but never decrypt."}
      </small>
    </div>
  );
}
