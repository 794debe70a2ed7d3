import type { ChatFile, ChatMessage } from "../../core/protocol";
import { Fragment } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import { seg } from "../shared/api";
import { formatBytes, formatDateTime, formatTime } from "../shared/format";
import { NO_COPY } from "../shared/no-copy";
import type { PendingMessage } from "./chat-socket";

/**
 * A chat's messages, oldest first. Used live (with pending messages and "Seen") and for
 * transcripts. Keeps the view pinned to the newest message unless the agent scrolled up.
 */
export function MessageList(props: {
  messages: ChatMessage[];
  label: string;
  meId?: string | undefined;
  pending?: PendingMessage[];
  seenSeq?: number | null;
  onRetry?: (clientId: string) => void;
  /** The tenant does not let my role copy transcripts: the text cannot be selected or copied. */
  noCopy?: boolean;
  /** The chat the messages belong to: its files are downloaded through it. */
  chatId: string;
}) {
  const { messages, pending = [], meId } = props;
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [messages.length, pending.length, props.seenSeq]);

  return (
    <div
      class={props.noCopy ? `messages ${NO_COPY}` : "messages"}
      role="log"
      aria-label={props.label}
      data-testid="messages"
      ref={ref}
      // Focusable so keyboard users can scroll the history.
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {messages.length === 0 && pending.length === 0 && <p class="messages-empty">No messages yet.</p>}
      {messages.map((m, i) => {
        const prev = messages[i - 1];
        // Consecutive messages by the same author within 5 minutes share one header.
        const grouped = prev !== undefined && prev.from.kind === m.from.kind && prev.from.id === m.from.id && m.at - prev.at < 300_000;
        const mine = m.from.kind === "agent" && m.from.id === meId;
        return (
          <Fragment key={m.seq}>
            <Message m={m} mine={mine} grouped={grouped} chatId={props.chatId} />
            {props.seenSeq === m.seq && (
              <div class="msg-receipt" data-testid="seen">
                Seen
              </div>
            )}
          </Fragment>
        );
      })}
      {pending.map((p) => (
        <div key={p.clientId} class="msg mine pending" data-testid="message" data-kind="agent" data-state={p.failed ? "failed" : "sending"}>
          <Body body={p.body} link={p.link} />
          <div class="msg-receipt">
            {p.failed ? (
              <>
                <span class="error-text">Not sent.</span>{" "}
                {props.onRetry && (
                  <button type="button" class="link-btn" onClick={() => props.onRetry?.(p.clientId)}>
                    Retry
                  </button>
                )}
              </>
            ) : (
              <span data-testid="sending">Sending…</span>
            )}
          </div>
        </div>
      ))}
    </div>
  );
}

function Message({ m, mine, grouped, chatId }: { m: ChatMessage; mine: boolean; grouped: boolean; chatId: string }) {
  if (m.from.kind === "system")
    return (
      <div class="msg system" data-testid="message" data-seq={m.seq} data-kind="system">
        <span class="msg-body">{m.body}</span> <time dateTime={new Date(m.at).toISOString()}>{formatTime(m.at)}</time>
      </div>
    );
  const side = mine ? "mine" : m.from.kind === "visitor" ? "theirs" : "colleague";
  return (
    <div
      class={`msg ${side}${grouped ? " grouped" : ""}`}
      data-testid="message"
      data-seq={m.seq}
      data-kind={m.from.kind}
      title={grouped ? `${mine ? "You" : m.from.name}, ${formatDateTime(m.at)}` : undefined}
    >
      {!grouped && (
        <div class="msg-meta">
          <span class="msg-author">{mine ? "You" : m.from.name}</span>
          <time dateTime={new Date(m.at).toISOString()} title={formatDateTime(m.at)}>
            {formatTime(m.at)}
          </time>
        </div>
      )}
      {m.file ? <FileLink file={m.file} chatId={chatId} /> : <Body body={m.body} link={m.link} />}
    </div>
  );
}

/** A file sent in the chat (scanned clean by the server): downloaded, never opened in the console. */
function FileLink({ file, chatId }: { file: ChatFile; chatId: string }) {
  return (
    <div class="msg-body msg-file" data-testid="file">
      <a href={`/api/console/chats/${seg(chatId)}/files/${seg(file.id)}`} download={file.name}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 4v11m-5-5 5 5 5-5M5 20h14" />
        </svg>
        {file.name}
      </a>{" "}
      <span class="muted">{formatBytes(file.size)} · virus-scanned</span>
    </div>
  );
}

/** A message's text; a pushed page is labelled, and linked only when it is http(s). */
function Body({ body, link }: { body: string; link?: string | undefined }) {
  // Bodies are plain text (white-space: pre-wrap in CSS); never parsed as HTML.
  if (!link) return <div class="msg-body">{body}</div>;
  const safe = /^https?:\/\//i.test(link);
  return (
    <div class="msg-body msg-link" data-testid="pushed-page">
      <span class="msg-link-label">Pushed a page:</span>{" "}
      {safe ? (
        <a href={link} target="_blank" rel="noopener noreferrer">
          {link}
        </a>
      ) : (
        link
      )}
    </div>
  );
}
