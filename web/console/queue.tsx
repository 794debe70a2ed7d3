import type { QueuedChat } from "../../core/protocol";
import { useState } from "preact/hooks";
import { serverNow } from "../shared/api";
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
  const [busy, setBusy] = useState(false);
  const wait = formatClock(waitMs);
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
      {q.preview && <p class="queue-preview">{q.preview}</p>}
      <button
        type="button"
        class="btn primary small block"
        data-testid="accept"
        disabled={busy}
        aria-label={`Accept chat with ${q.visitorName}, waiting ${wait}`}
        onClick={async () => {
          setBusy(true);
          // On success this item leaves the queue and unmounts; only reset if it stays.
          if (!(await store.accept(q.chatId))) setBusy(false);
        }}
      >
        {busy ? "Accepting…" : "Accept"}
      </button>
    </li>
  );
}
