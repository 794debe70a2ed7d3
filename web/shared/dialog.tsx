import type { ComponentChildren } from "preact";
import { useId, useLayoutEffect, useRef } from "preact/hooks";

/**
 * Modal dialog on the native <dialog> element: the browser provides the focus trap, inert
 * background and Escape handling. Render it only while open; closing is the parent's state.
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  footer?: ComponentChildren;
  testId?: string;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      // The dialog leaves the DOM with its parent's state; put focus back where it was.
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      class={props.wide ? "dialog wide" : "dialog"}
      aria-labelledby={titleId}
      data-testid={props.testId}
      onCancel={(e) => {
        // Escape: let the parent unmount us instead of the browser closing behind its back.
        e.preventDefault();
        props.onClose();
      }}
    >
      <header class="dialog-header">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" class="icon-btn" aria-label="Close dialog" onClick={props.onClose}>
          ×
        </button>
      </header>
      <div class="dialog-body">{props.children}</div>
      {props.footer && <footer class="dialog-footer">{props.footer}</footer>}
    </dialog>
  );
}
