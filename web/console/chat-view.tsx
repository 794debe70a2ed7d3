import { useState } from "preact/hooks";
import { errorMessage } from "../shared/api";
import { copyText } from "../shared/clipboard";
import { formatTime } from "../shared/format";
import { toast } from "../shared/toast";
import { AttachFile } from "./attach-file";
import { BlockDialog } from "./block-dialog";
import { PANEL_ID, tabId } from "./chat-list";
import type { ChatSession } from "./chat-socket";
import { Composer } from "./composer";
import { conversationText } from "./conversation-text";
import { MessageList } from "./message-list";
import { PushDialog } from "./push-dialog";
import type { ConsoleStore } from "./store";
import { TransferDialog } from "./transfer-dialog";

const ENDED_BY = { visitor: "the visitor", agent: "an agent", system: "the system" } as const;

/** The selected chat: header with actions, live messages, typing indicator and composer. */
export function ChatView({ store, session }: { store: ConsoleStore; session: ChatSession }) {
  const [dialog, setDialog] = useState<"transfer" | "push" | "block" | null>(null);
  const [ending, setEnding] = useState(false);
  const s = session;
  const ended = s.ended !== null;
  // Only what the tenant's settings allow my role is offered (the server refuses the rest).
  const can = store.state.permissions;
  const close = () => setDialog(null);

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
          <button type="button" class="btn" data-testid="transfer" disabled={ended} onClick={() => setDialog("transfer")}>
            Transfer
          </button>
          {can.blockVisitors && (
            <button type="button" class="btn" data-testid="block" disabled={ended} onClick={() => setDialog("block")}>
              Block visitor
            </button>
          )}
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
        noCopy={!can.copyTranscripts}
        chatId={s.chatId}
      />
      <div class="typing" aria-live="polite">
        {s.visitorTyping && <span data-testid="typing">Visitor is typing…</span>}
      </div>
      <Composer
        key={s.chatId}
        session={s}
        disabled={ended}
        tools={
          (can.pushPages || can.copyTranscripts || can.uploadFiles) && (
            <>
              {can.uploadFiles && <AttachFile chatId={s.chatId} disabled={ended} />}
              {can.pushPages && (
                <button type="button" class="btn small" data-testid="push" disabled={ended} onClick={() => setDialog("push")}>
                  Push page…
                </button>
              )}
              {can.copyTranscripts && (
                <button
                  type="button"
                  class="btn small subtle"
                  data-testid="copy-transcript"
                  disabled={s.messages.length === 0}
                  onClick={() => void copyText(conversationText(`Chat with ${s.info.visitorName}`, s.messages), "Transcript")}
                >
                  Copy transcript
                </button>
              )}
            </>
          )
        }
      />
      {dialog === "transfer" && <TransferDialog store={store} session={s} onClose={close} />}
      {dialog === "push" && <PushDialog session={s} domains={store.state.pushDomains} onClose={close} />}
      {dialog === "block" && <BlockDialog store={store} session={s} onClose={close} />}
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
