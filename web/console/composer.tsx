import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { MESSAGE_MAX_CHARS, type ChatSession } from "./chat-socket";

/** Show the character counter once a message gets this close to the limit. */
const COUNTER_FROM = MESSAGE_MAX_CHARS - 500;

/** Message input: Enter sends, Shift+Enter adds a line. The draft survives switching chats. */
export function Composer({ session, disabled, tools }: { session: ChatSession; disabled: boolean; tools?: ComponentChildren }) {
  const [text, setText] = useState(session.draft);
  const ref = useRef<HTMLTextAreaElement>(null);

  // Focus the composer when a chat is opened, so the agent can type straight away, but not
  // while the agent moves through the chat tabs with the keyboard (focus stays on the tab).
  useEffect(() => {
    const active = document.activeElement;
    const keyboardOnTab = active instanceof HTMLElement && active.getAttribute("role") === "tab" && active.matches(":focus-visible");
    if (!disabled && !keyboardOnTab) ref.current?.focus();
  }, [disabled]);

  // Stop "typing" when the agent leaves this chat mid-sentence.
  useEffect(() => () => session.stopTyping(), [session]);

  const trimmed = text.trim();
  const tooLong = trimmed.length > MESSAGE_MAX_CHARS;
  const canSend = !disabled && trimmed.length > 0 && !tooLong;

  function update(value: string) {
    setText(value);
    session.draft = value;
    if (value.trim()) session.noteTyping();
    else session.stopTyping();
  }

  function send() {
    if (!canSend) return;
    if (session.send(trimmed)) update("");
    ref.current?.focus();
  }

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        ref={ref}
        data-testid="composer"
        aria-label={`Message to ${session.info.visitorName}`}
        placeholder={disabled ? "This chat has ended." : "Type a message… (Enter to send, Shift+Enter for a new line)"}
        rows={3}
        value={text}
        disabled={disabled}
        onInput={(e) => update(e.currentTarget.value)}
        onBlur={() => session.stopTyping()}
        onKeyDown={(e) => {
          // Not while an input method is composing (Enter confirms the composition there).
          if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <div class="composer-bar">
        {tools && <div class="composer-tools">{tools}</div>}
        {trimmed.length >= COUNTER_FROM && (
          <span class={tooLong ? "char-count over" : "char-count"} aria-live="polite">
            {trimmed.length} / {MESSAGE_MAX_CHARS}
          </span>
        )}
        <button type="submit" class="btn primary" data-testid="send" disabled={!canSend}>
          Send
        </button>
      </div>
    </form>
  );
}
