import type { ComponentChildren } from "preact";
import { errorMessage } from "./api";

/** Loading / error placeholders for a data panel, so every page reports the same way. */
export function LoadState({ loading, error, onRetry, children }: { loading: boolean; error: unknown; onRetry?: () => void; children?: ComponentChildren }) {
  if (error !== undefined)
    return (
      <div class="panel-state error" role="alert">
        <span>{errorMessage(error)}</span>
        {onRetry && (
          <button type="button" class="btn small" onClick={onRetry}>
            Retry
          </button>
        )}
      </div>
    );
  if (loading)
    return (
      <div class="panel-state" role="status">
        <span class="spinner" aria-hidden="true" /> Loading…
      </div>
    );
  return <>{children}</>;
}
