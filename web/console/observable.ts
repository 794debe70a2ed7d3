import { useEffect, useReducer } from "preact/hooks";

/**
 * Minimal change notification for the console's long-lived objects (sockets, chat sessions)
 * which outlive any one component; components re-render with useObservable().
 */
export class Observable {
  private listeners = new Set<() => void>();

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  protected emit(): void {
    for (const fn of [...this.listeners]) fn();
  }
}

/** Re-render the calling component whenever `source` changes. Preact batches the renders. */
export function useObservable(source: Observable): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => source.subscribe(() => bump(undefined)), [source]);
}
