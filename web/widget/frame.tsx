/**
 * The visitor chat UI inside Parley's iframe, drawn as a pure function of the state in chat.ts.
 * Message bodies are JSX text children, so visitor and agent text is never parsed as HTML.
 * Classic JSX (preact's h, pragmas below) instead of the automatic runtime: smaller output.
 */
/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { Fragment, h, render } from "preact";
import { end, FIRST, getFile, leave, onChange, read, reset, S, send, sendFile, setOpen, start, survey, typing, type Dept } from "./chat";

type Fields = Record<string, string>;
const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<T>(sel);
const set = (patch: Partial<typeof S>): void => {
  Object.assign(S, patch);
  paint();
};
const onSubmit = (f: (d: Fields) => unknown) => (e: Event) => {
  e.preventDefault();
  f(Object.fromEntries(new FormData(e.currentTarget as HTMLFormElement)) as Fields);
};
const pad = (n: number): string => String(Math.floor(n)).padStart(2, "0");
const mmss = (ms: number): string => {
  const s = Math.max(0, ms / 1000);
  return pad(s / 60) + ":" + pad(s % 60);
};

/** The host of an http(s) link, else "" (then the message shows as plain text). */
const hostOf = (url?: string): string => {
  try {
    const u = new URL(url!);
    return /^https?:$/.test(u.protocol) ? u.host : "";
  } catch {
    return "";
  }
};

// Copying: the Copy button puts `clip` on the clipboard through a copy event (the Clipboard API
// is not delegated to this cross-origin frame). When the tenant does not allow copying, the log
// is marked .nc (unselectable) and any copy or cut whose selection touches it is cancelled.
let clip = "";
const onCopy = (e: ClipboardEvent): void => {
  const log = $(".nc");
  if (clip) e.clipboardData!.setData("text/plain", clip);
  else if (!log || !getSelection()!.containsNode(log, true)) return;
  e.preventDefault();
};
document.addEventListener("copy", onCopy);
document.addEventListener("cut", onCopy);
function copyLog(): void {
  clip = S.msgs.map((m) => (m.from.kind === "visitor" ? "You" : m.from.name) + ": " + m.body).join("\n");
  document.execCommand("copy");
  clip = "";
  set({ copied: true });
  setTimeout(set, 2000, { copied: false });
}

const icon = (d: string) => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d={d} />
  </svg>
);

const Err = () => (S.error ? <p class="err" role="alert">{S.error}</p> : null);

const field = (label: string, name: string, tid: string, required: boolean, type = "text") => (
  <label>
    {label}
    {type === "area" ? (
      <textarea name={name} data-testid={tid} required={required} rows={3} maxLength={4000} defaultValue={S.draft[name]} />
    ) : (
      <input name={name} data-testid={tid} required={required} type={type} autoComplete={name} maxLength={name === "name" ? 80 : 254} defaultValue={S.draft[name]} />
    )}
  </label>
);

const depts = (list: Dept[], tid: string) =>
  list.length > 1 && (
    <label>
      Department
      <select name="departmentId" data-testid={tid}>
        {list.map((d) => (
          <option value={d.id}>{d.name}</option>
        ))}
      </select>
    </label>
  );

const PreChat = () => (
  <form key="pre" class="f" onSubmit={onSubmit(start)}>
    <Err />
    <p>Hi! Send us a message and we'll be right with you.</p>
    {depts(
      S.depts.filter((d) => d.online),
      "department",
    )}
    {field("Name (optional)", "name", "name", false)}
    {field("Email (optional)", "email", "email", false, "email")}
    {field("Message", "message", "message", true, "area")}
    <button data-testid="start" disabled={S.busy}>
      Start chat
    </button>
  </form>
);

const Offline = () => (
  <form key="off" class="f" onSubmit={onSubmit(leave)}>
    <Err />
    {S.depts.length ? (
      <>
        <p>No one can chat right now. Leave a message and we'll reply by email.</p>
        {depts(S.depts, "offline-department")}
        {field("Name", "name", "offline-name", true)}
        {field("Email", "email", "offline-email", true, "email")}
        {field("Message", "message", "offline-message", true, "area")}
        <button data-testid="offline-submit" disabled={S.busy}>
          Send message
        </button>
      </>
    ) : (
      <p>Chat isn't available right now.</p>
    )}
  </form>
);

function sendComposer(): void {
  const t = $<HTMLTextAreaElement>(".cmp textarea")!;
  if (send(t.value)) t.value = "";
  t.focus();
}

const Composer = () => (
  <>
    {!S.live && <p class="st">Connecting…</p>}
    {S.confirm && (
      <div class="cf row" role="group" aria-label="Confirm end of chat">
        <span>End this chat?</span>
        <button data-testid="confirm-end" onClick={end}>
          End chat
        </button>
        <button class="sec" onClick={() => set({ confirm: false, focus: FIRST })}>
          Cancel
        </button>
      </div>
    )}
    <form class="cmp" onSubmit={onSubmit(sendComposer)}>
      <textarea
        data-testid="composer"
        aria-label="Message"
        placeholder="Write a message…"
        rows={2}
        maxLength={4000}
        onInput={() => typing(true)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            sendComposer();
          }
        }}
      />
      {S.files && (
        <label class="att" title="Send a file" aria-label="Send a file" data-testid="attach">
          <input
            type="file"
            data-testid="file-input"
            disabled={S.busy}
            onChange={(e) => {
              const f = e.currentTarget.files![0];
              e.currentTarget.value = "";
              if (f) void sendFile(f);
            }}
          />
          {S.busy ? "…" : icon("M20 11l-8 8a5 5 0 0 1-7-7l8-8a3.3 3.3 0 0 1 5 5l-8 8a1.7 1.7 0 0 1-2.5-2.5L15 7")}
        </label>
      )}
      <button data-testid="send">Send</button>
    </form>
  </>
);

const Survey = () => (
  <form class="f" onSubmit={onSubmit((d) => survey(+(d.rating ?? 0), d.comment ?? ""))}>
    <Err />
    <p>This chat has ended.</p>
    <fieldset class="stars">
      <legend>How was your chat?</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <label class={n <= S.rating ? "on" : ""}>
          <input type="radio" name="rating" value={n} required data-testid={"rating-" + n} aria-label={n + " of 5 stars"} onChange={() => set({ rating: n })} />
          <span aria-hidden="true">★</span>
        </label>
      ))}
    </fieldset>
    <label>
      Comment (optional)
      <textarea name="comment" data-testid="survey-comment" rows={2} maxLength={2000} />
    </label>
    <div class="row">
      <button data-testid="survey-submit" disabled={S.busy}>
        Send feedback
      </button>
      <button type="button" class="sec" onClick={reset}>
        Skip
      </button>
    </div>
  </form>
);

function Chat() {
  const c = S.chat;
  const lastOwn = S.msgs.findLast((m) => m.from.kind === "visitor")?.seq;
  return (
    <>
      {S.phase === "chat" && c?.status === "queued" && (
        <p class="bar" data-testid="queued">
          You're in the queue <span role="timer">{mmss(Date.now() - c.queuedAt)}</span>
        </p>
      )}
      <div class={S.copy ? "log" : "log nc"} role="log" aria-live="polite" aria-label="Messages" data-testid="messages">
        {[
          ...S.msgs.map((m, i) => {
            // Not `h`: that is the JSX factory in this file.
            const host = hostOf(m.link);
            return (
              <div class={"r " + m.from.kind} key={m.clientId || m.id}>
                {m.from.kind === "agent" && S.msgs[i - 1]?.from.id !== m.from.id && <small>{m.from.name}</small>}
                <div class="m" data-testid="message" data-seq={m.seq} data-kind={m.from.kind}>
                  {m.file ? (
                    <button class="sec fl" data-testid="file" onClick={() => getFile(m)}>
                      {icon("M12 4v11m-5-5 5 5 5-5M5 20h14")}
                      {m.file.name}
                    </button>
                  ) : host ? (
                    <>
                      The agent shared a page: {host}
                      <button data-testid="open-page" onClick={() => open(m.link, "_blank", "noopener,noreferrer")}>
                        Open page
                      </button>
                    </>
                  ) : (
                    m.body
                  )}
                </div>
                {m.seq === lastOwn && S.agentRead >= m.seq && <small data-testid="seen">Seen</small>}
              </div>
            );
          }),
          ...S.outbox.map((o) => (
            <div class="r visitor" key={o.clientId}>
              <div class="m" data-testid="message" data-kind="visitor">
                {o.body}
              </div>
              <small>Sending…</small>
            </div>
          )),
        ]}
      </div>
      {S.typing && (
        <p class="st" data-testid="typing">
          {S.typing} is typing…
        </p>
      )}
      {S.notice && (
        <p class="err st" role="alert">
          {S.notice}
        </p>
      )}
      {S.phase === "chat" ? (
        <Composer />
      ) : S.phase === "survey" ? (
        <Survey />
      ) : (
        <div class="f">
          <p data-testid="thanks" role="status">
            Thank you for your feedback!
          </p>
          <button class="sec" onClick={reset}>
            Start a new chat
          </button>
        </div>
      )}
    </>
  );
}

function Body() {
  switch (S.phase) {
    case "idle":
    case "loading":
      return <p class="st">Loading…</p>;
    case "failed":
      return (
        <div class="f">
          <Err />
          <button onClick={reset}>Try again</button>
        </div>
      );
    case "prechat":
      return <PreChat />;
    case "offline":
      return <Offline />;
    case "sent":
      return (
        <p class="st" role="status" data-testid="offline-done">
          Thanks! We got your message and will reply by email.
        </p>
      );
    default:
      return <Chat />;
  }
}

function App() {
  if (!S.open)
    return (
      <button class="launch" data-testid="launcher" aria-label="Open chat" onClick={() => setOpen(true)}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" />
        </svg>
        {S.unread > 0 && <span class="dot" />}
      </button>
    );
  const agent = S.phase === "chat" && S.chat?.agent;
  return (
    <div class="panel" role="dialog" aria-label="Chat" tabIndex={-1} onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <header>
        <div>
          <h1>{S.tenant || "Chat"}</h1>
          {agent && (
            <p role="status" data-testid="agent">
              {agent.name} joined
            </p>
          )}
        </div>
        {S.copy && S.msgs.length > 0 && (
          // An icon, not a word: the header keeps its room for the company's name.
          <button data-testid="copy-transcript" aria-label={S.copied ? "Transcript copied" : "Copy transcript"} title="Copy transcript" onClick={copyLog}>
            {S.copied ? (
              "✓"
            ) : (
              icon("M9 9h11v11H9zM5 15H4V4h11v1")
            )}
          </button>
        )}
        {S.phase === "chat" && (
          <button data-testid="end" onClick={() => set({ confirm: true, focus: ".cf .sec" })}>
            End chat
          </button>
        )}
        <button data-testid="close" aria-label="Minimize chat" onClick={() => setOpen(false)}>
          ×
        </button>
      </header>
      <div class="b">
        <Body />
      </div>
    </div>
  );
}

let tick = 0;
function paint(): void {
  // Follow new messages only if the visitor was already at the bottom of the log.
  let log = $(".log");
  const stick = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  render(<App />, document.body);
  log = $(".log");
  if (stick && log) log.scrollTop = log.scrollHeight;
  // Never pull focus out of the host page: only move it while this frame already has it.
  if (S.focus && document.hasFocus()) ($(S.focus) ?? $(".panel"))?.focus();
  S.focus = "";
  // The queue timer is the only thing that changes without an event.
  const queued = S.open && S.phase === "chat" && S.chat?.status === "queued";
  if (queued !== !!tick) tick = queued ? setInterval(paint, 1000) : (clearInterval(tick), 0);
}

onChange(paint);
document.addEventListener("visibilitychange", () => read());
paint();
