import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";
import { copyText } from "../shared/clipboard";
import { Dialog } from "../shared/dialog";

/**
 * An invitation or reset link, shown to the administrator this once (it was also e-mailed),
 * for when the e-mail does not arrive and they pass it on another way.
 */
export function OneTimeLinkDialog(props: { title: string; children: ComponentChildren; link: string; testId: string; onClose: () => void }) {
  const ref = useRef<HTMLElement>(null);
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      testId="link-dialog"
      footer={
        <button type="button" class="btn primary" onClick={props.onClose} data-testid="link-done">
          Done
        </button>
      }
    >
      {props.children}
      <div class="link-box">
        <code ref={ref} data-testid={props.testId}>
          {props.link}
        </code>
        <button type="button" class="btn small" onClick={() => void copyText(props.link, "Link", ref.current)} data-testid="link-copy">
          Copy
        </button>
      </div>
      <p class="small muted">The link works once. It is not shown again: if it gets lost, reset the password to send a new one.</p>
    </Dialog>
  );
}
