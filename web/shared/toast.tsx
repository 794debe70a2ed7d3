import { useEffect, useState } from "preact/hooks";

export type ToastKind = "info" | "success" | "error";
interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

// A module-level queue so that any code (socket handlers included) can raise a toast
// without threading callbacks through the component tree.
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<(t: Toast[]) => void>();

function publish(next: Toast[]) {
  toasts = next;
  for (const fn of [...listeners]) fn(toasts);
}

export function dismissToast(id: number): void {
  publish(toasts.filter((t) => t.id !== id));
}

export function toast(message: string, kind: ToastKind = "info"): void {
  const id = nextId++;
  // Keep the stack short; the oldest go first.
  publish([...toasts.slice(-4), { id, kind, message }]);
  setTimeout(() => dismissToast(id), kind === "error" ? 8000 : 5000);
}

/** Renders the toasts; mount once per app. Errors are announced assertively. */
export function Toaster() {
  const [list, setList] = useState(toasts);
  useEffect(() => {
    listeners.add(setList);
    return () => void listeners.delete(setList);
  }, []);
  return (
    <div class="toasts">
      {/* Two live regions: screen readers interrupt for errors, wait for the rest. */}
      <div role="alert" aria-live="assertive">
        {list.filter((t) => t.kind === "error").map((t) => <ToastItem key={t.id} t={t} />)}
      </div>
      <div role="status" aria-live="polite">
        {list.filter((t) => t.kind !== "error").map((t) => <ToastItem key={t.id} t={t} />)}
      </div>
    </div>
  );
}

function ToastItem({ t }: { t: Toast }) {
  return (
    <div class={`toast ${t.kind}`} data-testid="toast" data-kind={t.kind}>
      <span>{t.message}</span>
      <button class="icon-btn" aria-label="Dismiss notification" onClick={() => dismissToast(t.id)}>
        ×
      </button>
    </div>
  );
}
