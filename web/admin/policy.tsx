import { useState } from "preact/hooks";
import type { SecurityPolicy } from "../../core/password-policy";
import { api, ApiError, errorMessage, sentence } from "../shared/api";
import { FormError } from "../shared/auth-card";
import { ConfirmDialog } from "../shared/confirm";
import { useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { toast } from "../shared/toast";
import { describeChanges } from "./policy-diff";
import { PolicyForm, policyProblems } from "./policy-form";
import type { PageProps } from "./routes";

export function PolicyPage({ canWrite }: PageProps) {
  const res = useResource((signal) => api<{ policy: SecurityPolicy }>("/api/admin/security/policy", { signal }), []);
  return (
    <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload}>
      {res.data && <PolicyEditor saved={res.data.policy} canWrite={canWrite} onSaved={(policy) => res.mutate(() => ({ policy }))} />}
    </LoadState>
  );
}

/** A change set the user should see: after Save or after applying the PCI profile. */
interface Outcome {
  title: string;
  changes: string[];
}

function PolicyEditor({ saved, canWrite, onSaved }: { saved: SecurityPolicy; canWrite: boolean; onSaved: (p: SecurityPolicy) => void }) {
  const [draft, setDraft] = useState(saved);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmPci, setConfirmPci] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const problems = policyProblems(draft);
  const pendingChanges = describeChanges(saved, draft);
  const dirty = pendingChanges.length > 0;

  function adopt(next: SecurityPolicy, title: string) {
    setOutcome({ title, changes: describeChanges(saved, next) });
    setDraft(next);
    onSaved(next);
  }

  async function save(e: Event) {
    e.preventDefault();
    if (busy || !dirty || Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const { policy } = await api<{ policy: SecurityPolicy }>("/api/admin/security/policy", { method: "PUT", body: draft });
      adopt(policy, "Policy saved");
      toast("Sign-in policy saved.", "success");
    } catch (err) {
      // Validation issues name the field path (e.g. "password.maxLength"); show them all.
      const issues = err instanceof ApiError ? (err.issues ?? []).map((i) => (i as { path?: string; message?: string })).filter((i) => i.message) : [];
      setError(issues.length ? issues.map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`).join(" · ") : sentence(errorMessage(err)));
    }
    setBusy(false);
  }

  return (
    <form onSubmit={save} noValidate class="policy">
      {outcome && (
        <div class="card outcome" role="status" data-testid="policy-changes">
          <div class="card-head">
            <h2 class="card-title">{outcome.title}</h2>
            <button type="button" class="icon-btn" aria-label="Dismiss" onClick={() => setOutcome(null)}>
              ×
            </button>
          </div>
          {outcome.changes.length ? (
            <ul class="change-list">
              {outcome.changes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : (
            <p class="muted">Nothing changed: the policy already met it.</p>
          )}
        </div>
      )}
      {canWrite && (
        <section class="card pci" aria-labelledby="pci-title">
          <div class="card-head">
            <div>
              <h2 id="pci-title" class="card-title">
                PCI DSS 4.0
              </h2>
              <p class="small muted">
                Card-payment businesses must meet PCI DSS requirement 8. One click raises this policy to its minimums; settings that are already
                stricter stay as they are.
              </p>
            </div>
            <button type="button" class="btn" onClick={() => setConfirmPci(true)} data-testid="policy-pci">
              Apply PCI DSS 4.0 profile
            </button>
          </div>
        </section>
      )}

      <PolicyForm value={draft} onChange={setDraft} readOnly={!canWrite} problems={problems} />

      {canWrite && (
        <div class="save-bar">
          <FormError message={error} testId="policy-error" />
          <div class="button-row">
            <button type="submit" class="btn primary" disabled={busy || !dirty || Object.keys(problems).length > 0} data-testid="policy-save">
              {busy ? "Saving…" : "Save policy"}
            </button>
            <button type="button" class="btn subtle" disabled={busy || !dirty} onClick={() => setDraft(saved)}>
              Discard changes
            </button>
            <span class="muted small save-state" role="status">
              {dirty ? `${pendingChanges.length} unsaved ${pendingChanges.length === 1 ? "change" : "changes"}` : "All changes saved"}
            </span>
          </div>
        </div>
      )}

      {confirmPci && (
        <ConfirmDialog
          title="Apply the PCI DSS 4.0 profile?"
          confirmLabel="Apply profile"
          busyLabel="Applying…"
          onClose={() => setConfirmPci(false)}
          onConfirm={async () => {
            const { policy } = await api<{ policy: SecurityPolicy }>("/api/admin/security/policy/pci", { method: "POST" });
            setConfirmPci(false);
            adopt(policy, "PCI DSS 4.0 profile applied");
            toast("PCI DSS 4.0 profile applied.", "success");
          }}
        >
          <p>This raises the saved policy to at least:</p>
          <ul class="change-list">
            <li>12 characters, with letters and digits (8.3.6)</li>
            <li>the last 4 passwords refused (8.3.7)</li>
            <li>a new password every 90 days, unless two-step sign-in is required for everyone (8.3.9)</li>
            <li>lock after at most 10 failed sign-ins, for at least 30 minutes (8.3.4)</li>
            <li>sign out after at most 15 idle minutes (8.2.8)</li>
            <li>common passwords refused</li>
          </ul>
          {dirty && <p class="form-error">Your unsaved changes on this page will be discarded.</p>}
        </ConfirmDialog>
      )}
    </form>
  );
}
