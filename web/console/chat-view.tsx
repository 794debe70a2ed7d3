import { useState } from "preact/hooks";
import { errorMessage } from "../shared/api";
import { formatTime } from "../shared/format";
import { toast } from "../shared/toast";
import { PANEL_ID, tabId } from "./chat-list";
import type { ChatSession } from "./chat-socket";
import { Composer } from "./composer";
import { MessageList } from "./message-list";
import type { ConsoleStore } from "./store";
import { TransferDialog } from "./transfer-dialog";

const ENDED_BY = { visitor: "the visitor", agent: "an agent", system: "the system" } as const;

/** The selected chat: header with actions, live messages, typing indicator and composer. */
export function ChatView({ store, session }: { store: ConsoleStore; session: ChatSession }) {
  const [transferOpen, setTransferOpen] = useState(false);
  const [ending, setEnding] = useState(false);
  const s = session;
  const ended = s.ended !== null;

  async function end() {
    setEnding(true);
    try {
      await store.end(s.chatId);
    } catch (e) {
      toast(errorMessage(e), "error");
    }
    setEnding(false);
  }

  return (
    <section class="chat-view" id={PANEL_ID} role="tabpanel" aria-labelledby={tabId(s.chatId)} data-testid="chat-view" data-chat-id={s.chatId}>
      <header class="chat-header">
        <div class="chat-title">
          <h2>{s.info.visitorName}</h2>
          <span class="muted">
            {store.departmentName(s.info.departmentId)} · since {formatTime(s.info.since)}
          </span>
        </div>
        <ConnectionChip session={s} />
        <div class="chat-actions">
          <button type="button" class="btn" data-testid="transfer" disabled={ended} onClick={() => setTransferOpen(true)}>
            Transfer
          </button>
          <button type="button" class="btn danger" data-testid="end" disabled={ended || ending} onClick={() => void end()}>
            {ending ? "Ending…" : "End chat"}
          </button>
        </div>
      </header>

      {s.ended && (
        <div class="banner info" role="status" data-testid="chat-ended">
          <span>
            Chat ended by {ENDED_BY[s.ended.by]} at {formatTime(s.ended.at)}.
          </span>
          <button type="button" class="btn small" data-testid="close-chat" onClick={() => store.remove(s.chatId)}>
            Close
          </button>
        </div>
      )}
      {s.lastError && !ended && (
        <div class="banner error" role="alert">
          {s.lastError}
        </div>
      )}

      <MessageList
        messages={s.messages}
        pending={s.pending}
        meId={s.me?.id}
        seenSeq={s.seenSeq}
        label={`Conversation with ${s.info.visitorName}`}
        onRetry={(id) => s.retry(id)}
      />
      <div class="typing" aria-live="polite">
        {s.visitorTyping && <span data-testid="typing">Visitor is typing…</span>}
      </div>
      <Composer key={s.chatId} session={s} disabled={ended} />
      {transferOpen && <TransferDialog store={store} session={s} onClose={() => setTransferOpen(false)} />}
    </section>
  );
}

function ConnectionChip({ session }: { session: ChatSession }) {
  if (session.ended) return <span class="chip">Ended</span>;
  if (session.connection === "open") return null;
  return (
    <span class="chip warn" role="status">
      {session.connection === "connecting" ? "Connecting…" : "Reconnecting…"}
    </span>
  );
}
