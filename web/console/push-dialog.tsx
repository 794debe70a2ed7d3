import { useState } from "preact/hooks";
import { Dialog } from "../shared/dialog";
import type { ChatSession } from "./chat-socket";
import { pushProblem } from "./push-url";

/**
 * Offer the visitor a web page: the widget shows "The agent shared a page" with an Open button.
 * Only pages on the tenant's push domains; others are refused here before the server refuses them.
 */
export function PushDialog({ session, domains, onClose }: { session: ChatSession; domains: string[]; onClose: () => void }) {
  const [url, setUrl] = useState("https://");
  const [touched, setTouched] = useState(false);
  const trimmed = url.trim();
  const problem = domains.length === 0 ? null : pushProblem(trimmed, domains);
  const canSend = domains.length > 0 && problem === null && !session.ended;

  function send(e: Event) {
    e.preventDefault();
    setTouched(true);
    if (canSend && session.push(trimmed)) onClose();
  }

  return (
    <Dialog title={`Push a page to ${session.info.visitorName}`} onClose={onClose} testId="push-dialog">
      {domains.length === 0 ? (
        <p>No sites are allowed yet. A site administrator can add them under Admin → Chat security → Push domains.</p>
      ) : (
        <form onSubmit={send} noValidate>
          <p class="small muted">
            The visitor is offered the page and opens it in a new tab. Allowed: <span data-testid="push-domains">{domains.join(", ")}</span> and their
            subdomains.
          </p>
          <label class="field">
            <span>Page address</span>
            <input
              type="url"
              // showModal focuses this rather than the dialog's close button.
              autoFocus
              value={url}
              spellcheck={false}
              autoComplete="off"
              aria-invalid={touched && problem !== null}
              aria-describedby="push-problem"
              onInput={(e) => {
                setUrl(e.currentTarget.value);
                setTouched(true);
              }}
              data-testid="push-url"
            />
          </label>
          <p id="push-problem" class={touched && problem ? "hint error-text" : "sr-only"} role="alert" data-testid="push-problem">
            {touched ? (problem ?? "") : ""}
          </p>
          <div class="button-row end">
            <button type="button" class="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" class="btn primary" disabled={touched && !canSend} data-testid="push-send">
              Push page
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
