import type { Participant } from "../../core/protocol";
import { NO_COPY } from "../shared/no-copy";
import type { ChatSession } from "./chat-socket";
import type { ConsoleStore } from "./store";

export const tabId = (chatId: string) => `chat-tab-${chatId}`;
export const PANEL_ID = "chat-panel";

/** My open chats as a vertical tab list (arrow keys move between them), with unread badges. */
export function ChatList({ store }: { store: ConsoleStore }) {
  const chats = store.openChats;
  const current = store.view === "chats" ? store.selected : null;

  function onKeyDown(e: KeyboardEvent) {
    const i = chats.findIndex((c) => c.chatId === store.selected);
    const next =
      e.key === "ArrowDown" ? chats[(i + 1) % chats.length]
      : e.key === "ArrowUp" ? chats[(i - 1 + chats.length) % chats.length]
      : e.key === "Home" ? chats[0]
      : e.key === "End" ? chats.at(-1)
      : undefined;
    if (!next) return;
    e.preventDefault();
    store.select(next.chatId);
    document.getElementById(tabId(next.chatId))?.focus();
  }

  return (
    <section class="side-section grow" aria-labelledby="mychats-title">
      <h2 class="side-title" id="mychats-title">
        My chats <span class="count">{chats.length}</span>
      </h2>
      {chats.length === 0 ? (
        <p class="side-empty">No open chats.</p>
      ) : (
        <div class="chat-tabs" role="tablist" aria-orientation="vertical" aria-labelledby="mychats-title" onKeyDown={onKeyDown}>
          {chats.map((s) => (
            <ChatTab key={s.chatId} s={s} store={store} selected={s.chatId === current} focusable={s.chatId === (store.selected ?? chats[0]?.chatId)} />
          ))}
        </div>
      )}
    </section>
  );
}

function ChatTab({ s, store, selected, focusable }: { s: ChatSession; store: ConsoleStore; selected: boolean; focusable: boolean }) {
  const unread = s.unread;
  const state = s.ended ? "Ended" : s.connection === "reconnecting" ? "Reconnecting…" : s.visitorTyping ? "Typing…" : null;
  const last = s.messages.at(-1);
  return (
    <button
      type="button"
      role="tab"
      id={tabId(s.chatId)}
      aria-selected={selected}
      aria-controls={selected ? PANEL_ID : undefined}
      // Roving tabindex: Tab enters the list once; arrows move inside it.
      tabIndex={focusable ? 0 : -1}
      class={`chat-tab${s.ended ? " ended" : ""}${unread > 0 ? " has-unread" : ""}`}
      data-testid="chat-tab"
      data-chat-id={s.chatId}
      onClick={() => store.select(s.chatId)}
    >
      <span class="chat-tab-top">
        <span class="chat-tab-name">{s.info.visitorName}</span>
        {unread > 0 && (
          <span class="badge" data-testid="unread" aria-label={`${unread} unread`}>
            {unread}
          </span>
        )}
      </span>
      {/* Shows the last message: part of the conversation, so copying follows the setting. */}
      <span class={store.state.permissions.copyTranscripts ? "chat-tab-sub" : `chat-tab-sub ${NO_COPY}`}>
        {state ?? (last ? `${prefix(s, last.from)}${last.body}` : store.departmentName(s.info.departmentId))}
      </span>
    </button>
  );
}

/** Who wrote the preview line, when it is not the visitor. */
function prefix(s: ChatSession, from: Participant): string {
  if (from.kind !== "agent") return "";
  return s.me && from.id === s.me.id ? "You: " : `${from.name}: `;
}
