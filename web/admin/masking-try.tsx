import { useState } from "preact/hooks";
import type { ChatSettings } from "../../core/chat-settings";
import { api, ApiError, errorMessage } from "../shared/api";
import { useDebounced, useResource } from "../shared/hooks";

export const PREVIEW_URL = "/api/admin/settings/masking/preview";

interface Preview {
  duringChat: string;
  archived: string;
  found: string[];
}

const KINDS: Record<string, string> = { card: "card number", ssn: "Social Security number", dob: "date of birth", custom: "custom match" };

/** "2 card numbers, 1 date of birth". */
function foundText(found: string[]): string {
  const counts = new Map<string, number>();
  for (const k of found) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${KINDS[k] ?? k}${n > 1 ? "s" : ""}`).join(", ");
}

/**
 * "Try it": sample text masked by the settings being edited (not yet saved), as agents would
 * see it during chat and as the archive would keep it. One request per pause in typing.
 */
export function MaskTry({ settings }: { settings: ChatSettings }) {
  const [text, setText] = useState("");
  // The PGP key plays no part in masking; a half-pasted one must not stop the preview.
  const sent = JSON.stringify({ ...settings, storage: { ...settings.storage, pgpPublicKey: null } });
  const [q, s] = [useDebounced(text, 300), useDebounced(sent, 300)];
  const res = useResource(
    (signal) => (q.trim() ? api<Preview>(PREVIEW_URL, { body: { text: q, settings: JSON.parse(s) as ChatSettings }, signal }) : Promise.resolve(null)),
    [q, s],
  );
  const p = text.trim() ? res.data : null;
  const refused = res.error instanceof ApiError && res.error.status === 400;

  return (
    <section class="card try" aria-labelledby="try-title">
      <h2 id="try-title" class="card-title">
        Try it
      </h2>
      <p class="small muted">Type or paste a sample message to see what these settings do to it, before you save them.</p>
      <label class="field">
        <span>Sample message</span>
        <textarea
          rows={3}
          value={text}
          maxLength={16_384}
          placeholder="My card is 4111 1111 1111 1111 and I was born 03/04/1985."
          onInput={(e) => setText(e.currentTarget.value)}
          data-testid="mask-try-input"
        />
      </label>
      {res.error !== undefined && text.trim() ? (
        <p class="form-error" role="alert">
          {refused ? "Fix the problems marked on this page to try these settings." : errorMessage(res.error)}
        </p>
      ) : (
        <div class="try-out" aria-live="polite" aria-busy={res.loading}>
          <div>
            <h3 class="try-label">During chat: what agents see</h3>
            <p class="try-text" data-testid="mask-try-chat">
              {p ? p.duringChat : <span class="muted">—</span>}
            </p>
            {p && <small class="hint">{p.found.length ? `Masked: ${foundText(p.found)}.` : "Nothing masked."}</small>}
          </div>
          <div>
            <h3 class="try-label">Archived: History, e-mail, integrations</h3>
            <p class="try-text" data-testid="mask-try-archive">
              {!p ? <span class="muted">—</span> : settings.storage.disableArchival ? <span class="muted">Nothing: archival is off.</span> : p.archived}
            </p>
          </div>
        </div>
      )}
    </section>
  );
}
