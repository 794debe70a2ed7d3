import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { errorMessage, sentence } from "./api";
import { Dialog } from "./dialog";
import { FormError } from "./auth-card";

/**
 * "Are you sure?" for actions that cannot be undone. The action runs from the dialog, so a
 * refusal from the server shows where the user is looking; it closes only on success.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  busyLabel?: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (e) {
      setError(sentence(errorMessage(e)));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" class="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" class={props.danger ? "btn danger-solid" : "btn primary"} onClick={() => void confirm()} disabled={busy} data-testid="confirm-ok">
            {busy ? (props.busyLabel ?? "Working…") : props.confirmLabel}
          </button>
        </>
      }
    >
      {props.children}
      <FormError message={error} testId="confirm-error" />
    </Dialog>
  );
}
