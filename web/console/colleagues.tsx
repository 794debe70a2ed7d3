import { useEffect, useRef, useState } from "preact/hooks";
import { LIMITS } from "../../core/limits";
import type { AgentStatus, Colleague, ColleagueMessage } from "../../core/protocol";
import { formatTime } from "../shared/format";
import { ROLE_LABELS } from "../shared/user";
import type { ConsoleStore } from "./store";

const STATUS_LABEL: Record<AgentStatus, string> = { online: "Online", away: "Away", offline: "Offline" };

/** Agent-to-agent chats: colleagues on the left, the conversation with the selected one on the right. */
export function Colleagues({ store }: { store: ConsoleStore }) {
  const desk = store.colleagues;
  useEffect(() => {
    void desk.load();
  }, [desk]);
  const statusOf = (id: string): AgentStatus => store.state.agents.find((a) => a.id === id)?.status ?? "offline";
  const selected = desk.colleagues?.find((c) => c.id === desk.selected);

  return (
    <div class="colleagues" data-testid="colleagues">
      <nav class="colleague-list" aria-label="Colleagues">
        {desk.loadError && <p class="error-text">{desk.loadError}</p>}
        {desk.colleagues?.length === 0 && <p class="muted">No colleagues can chat with you.</p>}
        {desk.colleagues?.map((c) => {
          const unread = desk.unreadFrom(c.id);
          return (
            <button
              type="button"
              key={c.id}
              class={`colleague status-${statusOf(c.id)}`}
              aria-current={desk.selected === c.id ? "true" : undefined}
              data-testid="colleague"
              onClick={() => void desk.open(c.id)}
            >
              <span class="status-dot" aria-label={STATUS_LABEL[statusOf(c.id)]} />
              <span class="colleague-name">{c.name}</span>
              <span class="muted small">{ROLE_LABELS[c.role]}</span>
              {unread > 0 && (
                <span class="badge" aria-label={`${unread} unread`} data-testid="colleague-unread">
                  {unread}
                </span>
              )}
            </button>
          );
        })}
      </nav>
      {selected ? (
        <Conversation key={selected.id} store={store} colleague={selected} messages={desk.messages(selected.id)} />
      ) : (
        <div class="empty-main">
          <h2>Chat with a colleague</h2>
          <p class="muted">Pick someone on the left. Messages are masked like chats with visitors.</p>
        </div>
      )}
    </div>
  );
}

function Conversation({ store, colleague, messages }: { store: ConsoleStore; colleague: Colleague; messages: ColleagueMessage[] | undefined }) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [messages?.length]);

  async function send() {
    const body = text.trim();
    if (!body || body.length > LIMITS.messageChars || sending) return;
    setSending(true);
    if (await store.colleagues.send(colleague.id, body)) setText("");
    setSending(false);
  }

  return (
    <section class="chat-view" aria-label={`Conversation with ${colleague.name}`} data-testid="colleague-chat">
      <header class="chat-header">
        <div class="chat-title">
          <h2>{colleague.name}</h2>
          <span class="muted">{ROLE_LABELS[colleague.role]}</span>
        </div>
      </header>
      <div class="messages" role="log" aria-label={`Messages with ${colleague.name}`} data-testid="colleague-messages" ref={log} tabIndex={0}>
        {messages === undefined && <p class="messages-empty">Loading…</p>}
        {messages?.length === 0 && <p class="messages-empty">No messages yet.</p>}
        {messages?.map((m) => {
          const mine = m.from.id === store.user.id;
          return (
            <div key={m.id} class={`msg ${mine ? "mine" : "theirs"}`} data-testid="colleague-message">
              <div class="msg-meta">
                <span class="msg-author">{mine ? "You" : m.from.name}</span>
                <time dateTime={new Date(m.at).toISOString()}>{formatTime(m.at)}</time>
              </div>
              <div class="msg-body">{m.body}</div>
            </div>
          );
        })}
      </div>
      <form
        class="composer"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <textarea
          data-testid="colleague-composer"
          aria-label={`Message to ${colleague.name}`}
          placeholder="Type a message… (Enter to send)"
          rows={2}
          maxLength={LIMITS.messageChars}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <div class="composer-bar">
          <button type="submit" class="btn primary" data-testid="colleague-send" disabled={sending || !text.trim()}>
            Send
          </button>
        </div>
      </form>
    </section>
  );
}
