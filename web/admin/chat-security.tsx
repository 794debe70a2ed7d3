import { useState } from "preact/hooks";
import type { ChatSettings } from "../../core/chat-settings";
import type { CustomRule } from "../../core/masking";
import { api, ApiError, errorMessage, sentence } from "../shared/api";
import { FormError } from "../shared/auth-card";
import { useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { toast } from "../shared/toast";
import { BlockedVisitors } from "./blocked-visitors";
import { AgentMatrix } from "./chat-agent-matrix";
import { StorageCard, VisitorCard } from "./chat-privacy-cards";
import { issuesOf, parseDomains, pgpProblem, type Issue } from "./chat-settings-checks";
import { describeChatChanges } from "./chat-settings-text";
import { MaskingRules } from "./masking-rules";
import { MaskTry, PREVIEW_URL } from "./masking-try";
import type { PageProps } from "./routes";

const URL_ = "/api/admin/settings/chat";

export function ChatSecurityPage({ canWrite }: PageProps) {
  const res = useResource((signal) => api<{ settings: ChatSettings }>(URL_, { signal }), []);
  // Discard remounts the editor, so fields that keep their own text (domains, key) start over too.
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload}>
        {res.data && (
          <ChatSettingsEditor
            key={generation}
            saved={res.data.settings}
            canWrite={canWrite}
            onSaved={(settings) => res.mutate(() => ({ settings }))}
            onDiscard={() => setGeneration((g) => g + 1)}
          />
        )}
      </LoadState>
      <BlockedVisitors canWrite={canWrite} />
    </>
  );
}

/** Server issues under `prefix` ("masking.custom."), with their paths made relative to it. */
const under = (issues: Issue[], prefix: string) => issues.filter((i) => i.path.startsWith(prefix)).map((i) => ({ ...i, path: i.path.slice(prefix.length) }));

function ChatSettingsEditor(props: { saved: ChatSettings; canWrite: boolean; onSaved: (s: ChatSettings) => void; onDiscard: () => void }) {
  const { saved, canWrite } = props;
  const [draft, setDraft] = useState(saved);
  const [domainsText, setDomainsText] = useState(saved.pushDomains.join("\n"));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [outcome, setOutcome] = useState<string[] | null>(null);

  const domains = parseDomains(domainsText);
  const domainsError = "error" in domains ? domains.error : (under(issues, "pushDomains")[0]?.message ?? null);
  const keyProblem = pgpProblem(draft.storage.pgpPublicKey, draft.storage.pgpOffload);
  const keyError = keyProblem ?? under(issues, "storage.pgpPublicKey")[0]?.message ?? null;
  // Problems the browser can see block saving; the server's verdicts show until the next edit.
  const blocked = "error" in domains || keyProblem !== null;
  const pending = describeChatChanges(saved, draft);
  const dirty = pending.length > 0;

  const edit = (next: ChatSettings) => {
    setDraft(next);
    setOutcome(null);
    setIssues([]);
  };

  /** The server's verdict on a rule list, via the preview endpoint (which validates whole settings). */
  async function checkRules(custom: CustomRule[]): Promise<Issue[]> {
    try {
      await api(PREVIEW_URL, { body: { text: "", settings: { ...draft, storage: { ...draft.storage, pgpPublicKey: null }, masking: { custom } } } });
      return [];
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) return under(issuesOf(e.issues), "settings.masking.custom.");
      throw e;
    }
  }

  async function save() {
    if (busy || !dirty || blocked) return;
    setBusy(true);
    setError(null);
    setIssues([]);
    try {
      const { settings } = await api<{ settings: ChatSettings }>(URL_, { method: "PUT", body: draft });
      setOutcome(describeChatChanges(saved, settings));
      setDraft(settings);
      // Show the domains as stored (a pasted URL becomes its host name).
      setDomainsText(settings.pushDomains.join("\n"));
      props.onSaved(settings);
      toast("Chat security settings saved.", "success");
    } catch (err) {
      const found = err instanceof ApiError ? issuesOf(err.issues) : [];
      setIssues(found);
      // Issues with a field on the page show there; anything else shows here.
      const elsewhere = found.filter((i) => !/^(masking\.custom\.|pushDomains|storage\.pgpPublicKey)/.test(i.path));
      setError(found.length === 0 ? sentence(errorMessage(err)) : elsewhere.length ? elsewhere.map((i) => `${i.path}: ${i.message}`).join(" · ") : "Fix the problems marked above, then save again.");
    }
    setBusy(false);
  }

  return (
    <div class="chat-settings">
      <fieldset class="policy-form" disabled={!canWrite}>
        <AgentMatrix value={draft.agent} onChange={(agent) => edit({ ...draft, agent })} />
        <div class="settings-pair">
          <VisitorCard value={draft.visitor} onChange={(visitor) => edit({ ...draft, visitor })} />
          <StorageCard value={draft.storage} pgpProblem={keyError} onChange={(storage) => edit({ ...draft, storage })} />
        </div>
      </fieldset>
      <div class="settings-pair">
        <MaskingRules
          rules={draft.masking.custom}
          onChange={(custom) => edit({ ...draft, masking: { custom } })}
          check={checkRules}
          issues={under(issues, "masking.custom.")}
          readOnly={!canWrite}
        />
        <MaskTry settings={draft} />
      </div>
      <section class="card" aria-labelledby="push-title">
        <h2 id="push-title" class="card-title">
          Push domains
        </h2>
        <p class="small muted" id="push-hint">
          Agents allowed to push pages may only send pages on these sites. One host name per line, such as <code>example.com</code>; it also allows its
          subdomains (<code>www.example.com</code>).
        </p>
        <textarea
          rows={4}
          value={domainsText}
          spellcheck={false}
          readOnly={!canWrite}
          aria-label="Push domains, one per line"
          aria-describedby="push-hint"
          aria-invalid={domainsError !== null}
          onInput={(e) => {
            const text = e.currentTarget.value;
            setDomainsText(text);
            const parsed = parseDomains(text);
            if ("domains" in parsed) edit({ ...draft, pushDomains: parsed.domains });
          }}
          data-testid="push-domains"
        />
        {domainsError && (
          <p class="hint error-text" role="alert" data-testid="push-domains-error">
            {sentence(domainsError)}
          </p>
        )}
      </section>

      {outcome && (
        <div class="card outcome" role="status" data-testid="chat-settings-changes">
          <div class="card-head">
            <h2 class="card-title">Saved</h2>
            <button type="button" class="icon-btn" aria-label="Dismiss" onClick={() => setOutcome(null)}>
              ×
            </button>
          </div>
          {outcome.length ? (
            <ul class="change-list">
              {outcome.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : (
            <p class="muted">Nothing changed.</p>
          )}
        </div>
      )}

      {canWrite && (
        // Sticky only while there is something to save, so it never covers the summary of a save.
        <div class={dirty ? "save-bar sticky" : "save-bar"}>
          <FormError message={error} testId="chat-settings-error" />
          {dirty && (
            <details class="pending" data-testid="chat-settings-pending">
              <summary>
                {pending.length} unsaved {pending.length === 1 ? "change" : "changes"}
              </summary>
              <ul class="change-list">
                {pending.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </details>
          )}
          <div class="button-row">
            <button type="button" class="btn primary" disabled={busy || !dirty || blocked} onClick={() => void save()} data-testid="chat-settings-save">
              {busy ? "Saving…" : "Save chat security"}
            </button>
            <button type="button" class="btn subtle" disabled={busy || (!dirty && domainsText === saved.pushDomains.join("\n"))} onClick={props.onDiscard}>
              Discard changes
            </button>
            <span class="muted small save-state" role="status">
              {blocked ? "Fix the problems marked above to save." : dirty ? "" : "All changes saved"}
            </span>
          </div>
        </div>
      )}
    </div>
  );
}
