import { useEffect, useState } from "preact/hooks";
import { AppHeader } from "../shared/header";
import { installCopyGuard } from "../shared/no-copy";
import { SessionGate, type Session } from "../shared/session";
import { Toaster } from "../shared/toast";
import { ChatList } from "./chat-list";
import { ChatView } from "./chat-view";
import { History } from "./history";
import { OfflineMessages } from "./offline";
import { useObservable } from "./observable";
import { Queue } from "./queue";
import { StatusSelect } from "./status-select";
import { ConsoleStore, type View } from "./store";

export function App() {
  return (
    <>
      <SessionGate product="Console">{(s) => <Console session={s} />}</SessionGate>
      <Toaster />
    </>
  );
}

function Console({ session }: { session: Session }) {
  // One store per signed-in user; its sockets close when the user signs out (unmount).
  const [store] = useState(() => new ConsoleStore(session.user));
  useEffect(() => {
    store.start();
    return () => store.dispose();
  }, [store]);
  useObservable(store);
  // Conversation text marked no-copy (when the settings say so) stays off the clipboard.
  useEffect(() => installCopyGuard(), []);

  // Waiting visitors and unread messages show in the tab title, for agents working in other tabs.
  const attention = store.state.queue.length + store.totalUnread;
  useEffect(() => {
    document.title = attention > 0 ? `(${attention}) Parley Console` : "Parley Console";
  }, [attention]);

  return (
    <div class="console">
      <AppHeader product="Console" user={session.user} onLogout={() => void session.logout()}>
        <SectionNav store={store} />
        <StatusSelect store={store} />
      </AppHeader>
      {!store.lobbyConnected && store.loaded && (
        <div class="banner warn" role="status" data-testid="lobby-offline">
          Live updates are reconnecting… The queue may be out of date.
        </div>
      )}
      <div class="console-body">
        <aside class="sidebar" aria-label="Queue and my chats">
          <Queue store={store} />
          <ChatList store={store} />
        </aside>
        <main class="console-main" id="main">
          <MainView store={store} />
        </main>
      </div>
    </div>
  );
}

function MainView({ store }: { store: ConsoleStore }) {
  if (store.loadError && !store.loaded)
    return (
      <div class="panel-state error" role="alert">
        {store.loadError}
      </div>
    );
  switch (store.view) {
    case "chats": {
      const session = store.selected === null ? undefined : store.sessions.get(store.selected);
      return session ? (
        <ChatView key={session.chatId} store={store} session={session} />
      ) : (
        <div class="empty-main">
          <h2>No chat selected</h2>
          <p class="muted">Accept a visitor from the queue, or pick one of your chats.</p>
        </div>
      );
    }
    case "history":
      return <History store={store} />;
    case "offline":
      return <OfflineMessages />;
  }
}

const SECTIONS: { view: View; label: string; testId: string }[] = [
  { view: "chats", label: "Chats", testId: "nav-chats" },
  { view: "history", label: "History", testId: "nav-history" },
  { view: "offline", label: "Offline messages", testId: "nav-offline" },
];

function SectionNav({ store }: { store: ConsoleStore }) {
  const unread = store.totalUnread;
  return (
    <nav class="section-nav" aria-label="Console sections">
      {SECTIONS.map((s) => (
        <button
          type="button"
          key={s.view}
          class="nav-tab"
          aria-current={store.view === s.view ? "page" : undefined}
          data-testid={s.testId}
          onClick={() => store.setView(s.view)}
        >
          {s.label}
          {s.view === "chats" && unread > 0 && (
            <span class="badge" aria-label={`${unread} unread`}>
              {unread}
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}
