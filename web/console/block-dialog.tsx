import { useState } from "preact/hooks";
import { ConfirmDialog } from "../shared/confirm";
import type { ChatSession } from "./chat-socket";
import type { ConsoleStore } from "./store";

/** "Block this visitor?": ends the chat and refuses the visitor's chats for 30 days; an optional reason is kept for administrators. */
export function BlockDialog({ store, session, onClose }: { store: ConsoleStore; session: ChatSession; onClose: () => void }) {
  const [reason, setReason] = useState("");
  return (
    <ConfirmDialog
      title={`Block ${session.info.visitorName}?`}
      confirmLabel="Block visitor"
      busyLabel="Blocking…"
      danger
      onClose={onClose}
      onConfirm={async () => {
        await store.block(session.chatId, reason.trim());
        onClose();
      }}
    >
      <p>The chat ends now, and this visitor cannot start a chat or leave a message for 30 days. A site administrator can lift the block.</p>
      <label class="field">
        <span>Reason (optional, seen by administrators)</span>
        <input value={reason} maxLength={200} onInput={(e) => setReason(e.currentTarget.value)} data-testid="block-reason" />
      </label>
    </ConfirmDialog>
  );
}
