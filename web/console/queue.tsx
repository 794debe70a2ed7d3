import type { QueuedChat } from "../../core/protocol";
import { useState } from "preact/hooks";
import { errorMessage, serverNow } from "../shared/api";
import { NO_COPY } from "../shared/no-copy";
import { toast } from "../shared/toast";
import { formatClock } from "../shared/format";
import { useNow } from "../shared/hooks";
import type { ConsoleStore } from "./store";

/** Visitors waiting in my departments, oldest first, with a live wait clock. */
export function Queue({ store }: { store: ConsoleStore }) {
  // Only this panel ticks every second, not the whole console.
  const now = useNow(1000, serverNow);
  const queue = [...store.state.queue].sort((a, b) => a.queuedAt - b.queuedAt);
  return (
    <section class="side-section" aria-labelledby="queue-title">
      <h2 class="side-title" id="queue-title">
        Queue <span class="count" data-testid="queue-count">{queue.length}</span>
      </h2>
      {queue.length === 0 ? (
        <p class="side-empty">{store.loaded ? "No visitors waiting." : "Loading…"}</p>
      ) : (
        <ul class="queue-list">
          {queue.map((q) => (
            <QueueItem key={q.chatId} q={q} store={store} waitMs={now - q.queuedAt} />
          ))}
        </ul>
      )}
    </section>
  );
}

function QueueItem({ q, store, waitMs }: { q: QueuedChat; store: ConsoleStore; waitMs: number }) {
  const [busy, setBusy] = useState<"accept" | "reject" | null>(null);
  const wait = formatClock(waitMs);
  const { rejectQueued, copyTranscripts } = store.state.permissions;
  return (
    <li class="queue-item" data-testid="queue-item" data-chat-id={q.chatId}>
      <div class="queue-top">
        <span class="queue-visitor">{q.visitorName}</span>
        {/* Timer text changes every second: not announced, or screen readers would never stop. */}
        <span class={waitMs > 120_000 ? "queue-wait long" : "queue-wait"} data-testid="wait" title="Waiting time">
          {wait}
        </span>
      </div>
      <div class="queue-dept">{store.departmentName(q.departmentId)}</div>
      {/* The first message is part of the conversation: copying it follows the same setting. */}
      {q.preview && <p class={copyTranscripts ? "queue-preview" : `queue-preview ${NO_COPY}`}>{q.preview}</p>}
      <div class="queue-actions">
        <button
          type="button"
          class="btn primary small"
          data-testid="accept"
          disabled={busy !== null}
          aria-label={`Accept chat with ${q.visitorName}, waiting ${wait}`}
          onClick={async () => {
            setBusy("accept");
            // On success this item leaves the queue and unmounts; only reset if it stays.
            if (!(await store.accept(q.chatId))) setBusy(null);
          }}
        >
          {busy === "accept" ? "Accepting…" : "Accept"}
        </button>
        {rejectQueued && (
          <button
            type="button"
            class="btn subtle small"
            data-testid="reject"
            disabled={busy !== null}
            aria-label={`Reject chat with ${q.visitorName}; it stays queued for colleagues`}
            onClick={async () => {
              setBusy("reject");
              try {
                await store.reject(q.chatId);
              } catch (e) {
                toast(errorMessage(e), "error");
                setBusy(null);
              }
            }}
          >
            {busy === "reject" ? "Rejecting…" : "Reject"}
          </button>
        )}
      </div>
    </li>
  );
}
