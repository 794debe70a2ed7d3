import { useEffect, useState } from "preact/hooks";
import { AppHeader } from "../shared/header";
import { installCopyGuard } from "../shared/no-copy";
import { SessionGate, type Session } from "../shared/session";
import { Toaster } from "../shared/toast";
import { ChatList } from "./chat-list";
import { ChatView } from "./chat-view";
import { Colleagues } from "./colleagues";
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
  const attention = store.state.queue.length + store.totalUnread + store.colleagues.totalUnread;
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
    case "colleagues":
      return <Colleagues store={store} />;
  }
}

const SECTIONS: { view: View; label: string; testId: string }[] = [
  { view: "chats", label: "Chats", testId: "nav-chats" },
  { view: "history", label: "History", testId: "nav-history" },
  { view: "offline", label: "Offline messages", testId: "nav-offline" },
  { view: "colleagues", label: "Colleagues", testId: "nav-colleagues" },
];

function SectionNav({ store }: { store: ConsoleStore }) {
  const unread = { chats: store.totalUnread, colleagues: store.colleagues.totalUnread, history: 0, offline: 0 };
  // Only what the tenant's settings allow my role is offered (the server refuses the rest).
  const sections = SECTIONS.filter((s) => s.view !== "colleagues" || store.state.permissions.agentChats);
  return (
    <nav class="section-nav" aria-label="Console sections">
      {sections.map((s) => (
        <button
          type="button"
          key={s.view}
          class="nav-tab"
          aria-current={store.view === s.view ? "page" : undefined}
          data-testid={s.testId}
          onClick={() => store.setView(s.view)}
        >
          {s.label}
          {unread[s.view] > 0 && (
            <span class="badge" aria-label={`${unread[s.view]} unread`} data-testid={`${s.testId}-unread`}>
              {unread[s.view]}
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}
