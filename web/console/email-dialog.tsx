import { useState } from "preact/hooks";
import { api, errorMessage, seg, sentence } from "../shared/api";
import { FormError } from "../shared/auth-card";
import { Dialog } from "../shared/dialog";
import { toast } from "../shared/toast";

/** E-mail a transcript: the server sends the archived, masked text, so nothing unmasked leaves by mail. */
export function EmailDialog({ transcriptId, visitorName, onClose }: { transcriptId: string; visitorName: string; onClose: () => void }) {
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send(e: Event) {
    e.preventDefault();
    const address = to.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) return setError("Enter an e-mail address such as name@example.com.");
    setBusy(true);
    setError(null);
    try {
      await api(`/api/console/transcripts/${seg(transcriptId)}/email`, { body: { to: address } });
      toast(`Transcript e-mailed to ${address}.`, "success");
      onClose();
    } catch (err) {
      setError(sentence(errorMessage(err)));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`E-mail the chat with ${visitorName}`} onClose={onClose} testId="email-dialog">
      <form onSubmit={send} noValidate>
        <p class="small muted">The transcript is sent as it was archived: masked details stay masked.</p>
        <label class="field">
          <span>Send to</span>
          <input type="email" autoFocus autoComplete="email" value={to} maxLength={254} onInput={(e) => setTo(e.currentTarget.value)} data-testid="transcript-email-to" />
        </label>
        <FormError message={error} testId="transcript-email-error" />
        <div class="button-row end">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="transcript-email-send">
            {busy ? "Sending…" : "Send"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
