import type { AgentStatus, AssignedChat } from "../../core/protocol";
import { api, ApiError, errorMessage, seg, serverNow } from "../shared/api";
import { toast } from "../shared/toast";
import type { SessionUser } from "../shared/user";
import { ChatSession } from "./chat-socket";
import { ColleagueDesk } from "./colleague-desk";
import { LobbyConnection, NO_PERMISSIONS, type ConsoleState } from "./lobby-socket";
import { Observable } from "./observable";

export type View = "chats" | "history" | "offline" | "colleagues";

/** A chat that left my `assigned` list is dropped after this long, unless it ended or came back. */
const DROP_GRACE_MS = 5_000;

/**
 * Everything the console shows, outside the component tree: lobby state, the open chat
 * sessions (one socket each) and which one is on screen. Components read it and call its
 * methods; it emits on every change.
 */
export class ConsoleStore extends Observable {
  state: ConsoleState = { status: "offline", queue: [], assigned: [], agents: [], departments: [], permissions: NO_PERMISSIONS, pushDomains: [] };
  loaded = false;
  loadError: string | null = null;
  lobbyConnected = false;
  sessions = new Map<string, ChatSession>();
  /** Tab order of my chats: oldest first, as they were opened. */
  order: string[] = [];
  selected: string | null = null;
  view: View = "chats";

  readonly colleagues: ColleagueDesk;
  private readonly lobby: LobbyConnection;
  private dropTimers = new Map<string, ReturnType<typeof setTimeout>>();
  // Chats I closed or transferred: a stale `assigned` frame must not reopen them. An id is
  // forgotten once a snapshot without it arrives, so a later transfer back to me still works.
  private dismissed = new Set<string>();
  private cleanups: (() => void)[] = [];
  /** Accepts in flight: their chats may show up in `assigned` before the accept answers. */
  private accepting = new Set<string>();
  private assignedSeen = false;

  constructor(readonly user: SessionUser) {
    super();
    this.colleagues = new ColleagueDesk(user.id);
    this.colleagues.subscribe(() => this.emit());
    this.lobby = new LobbyConnection({
      onColleague: (m) => this.colleagues.receive(m),
      onState: (patch) => this.applyState(patch),
      onConnection: (c) => {
        this.lobbyConnected = c;
        this.emit();
      },
      onError: (m) => toast(m, "error"),
    });
  }

  start(): void {
    this.lobby.refresh().catch((e: unknown) => {
      this.loadError = errorMessage(e);
      this.emit();
    });
    this.lobby.start();
    // Coming back online or to the tab: reconnect now rather than at the end of a long backoff,
    // and count what is on screen as read.
    const online = () => {
      this.lobby.reconnectNow();
      for (const s of this.sessions.values()) s.reconnectNow();
    };
    const visible = () => this.markSelectedRead();
    window.addEventListener("online", online);
    document.addEventListener("visibilitychange", visible);
    window.addEventListener("focus", visible);
    this.cleanups.push(
      () => window.removeEventListener("online", online),
      () => document.removeEventListener("visibilitychange", visible),
      () => window.removeEventListener("focus", visible),
    );
  }

  dispose(): void {
    this.lobby.dispose();
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    for (const t of this.dropTimers.values()) clearTimeout(t);
    for (const c of this.cleanups) c();
  }

  // ------------------------------------------------------------------ derived

  get me() {
    return this.state.agents.find((a) => a.id === this.user.id);
  }

  departmentName(id: string): string {
    return this.state.departments.find((d) => d.id === id)?.name ?? "Unknown department";
  }

  get openChats(): ChatSession[] {
    return this.order.map((id) => this.sessions.get(id)).filter((s): s is ChatSession => s !== undefined);
  }

  get totalUnread(): number {
    let n = 0;
    for (const s of this.sessions.values()) n += s.unread;
    return n;
  }

  // ------------------------------------------------------------------ actions

  select(chatId: string | null): void {
    this.selected = chatId;
    this.view = "chats";
    this.colleagues.visible = false;
    this.markSelectedRead();
    this.emit();
  }

  setView(view: View): void {
    this.view = view;
    this.colleagues.visible = view === "colleagues";
    this.markSelectedRead();
    this.emit();
  }

  async setStatus(status: AgentStatus): Promise<void> {
    const previous = this.state.status;
    this.state = { ...this.state, status };
    this.emit();
    try {
      const res = await api<{ status: AgentStatus }>("/api/console/status", { body: { status } });
      this.state = { ...this.state, status: res.status };
    } catch (e) {
      this.state = { ...this.state, status: previous };
      toast(errorMessage(e), "error");
    }
    this.emit();
  }

  /** Take a waiting chat. Returns false if someone else was quicker (or it failed). */
  async accept(chatId: string): Promise<boolean> {
    this.accepting.add(chatId);
    try {
      const { chat } = await api<{ chat: AssignedChat }>(`/api/console/chats/${seg(chatId)}/accept`, { method: "POST" });
      // Optimistically drop it from the queue; the next queue frame is authoritative anyway.
      this.state = { ...this.state, queue: this.state.queue.filter((q) => q.chatId !== chatId) };
      this.dismissed.delete(chat.chatId);
      this.open(chat);
      this.select(chat.chatId);
      return true;
    } catch (e) {
      const taken = e instanceof ApiError && e.code === "already_taken";
      toast(taken ? "Another agent has already accepted this chat." : errorMessage(e), taken ? "info" : "error");
      if (taken) {
        this.state = { ...this.state, queue: this.state.queue.filter((q) => q.chatId !== chatId) };
        this.emit();
      }
      return false;
    } finally {
      this.accepting.delete(chatId);
    }
  }

  async transfer(chatId: string, target: { agentId: string } | { departmentId: string }, label: string): Promise<void> {
    await api(`/api/console/chats/${seg(chatId)}/transfer`, { body: target });
    const name = this.sessions.get(chatId)?.info.visitorName ?? "the visitor";
    this.remove(chatId);
    toast(`Chat with ${name} transferred to ${label}.`, "success");
  }

  async end(chatId: string): Promise<void> {
    await api(`/api/console/chats/${seg(chatId)}/end`, { method: "POST" });
    // The `ended` frame follows; don't leave the chat looking active until it arrives.
    this.sessions.get(chatId)?.markEnded("agent", serverNow());
  }

  /** Decline a waiting chat: it leaves my queue and stays queued for colleagues. */
  async reject(chatId: string): Promise<void> {
    try {
      await api(`/api/console/chats/${seg(chatId)}/reject`, { method: "POST" });
      toast("Chat declined. It stays in the queue for your colleagues.", "info");
    } catch (e) {
      // Someone accepted it, or it ended, while I was deciding: it is gone from my queue either way.
      if (!(e instanceof ApiError && e.code === "not_queued")) throw e;
    }
    // The next queue frame is authoritative; don't leave the item up until it arrives.
    this.state = { ...this.state, queue: this.state.queue.filter((q) => q.chatId !== chatId) };
    this.emit();
  }

  /** Block the visitor of a chat I hold: the server ends the chat and refuses them for 30 days. */
  async block(chatId: string, reason: string): Promise<void> {
    await api(`/api/console/chats/${seg(chatId)}/block`, { body: reason ? { reason } : {} });
    this.sessions.get(chatId)?.markEnded("agent", serverNow());
    toast("Visitor blocked for 30 days.", "success");
  }

  /** Close an ended chat's tab (or drop one that is no longer mine). */
  remove(chatId: string): void {
    const s = this.sessions.get(chatId);
    s?.dispose();
    this.sessions.delete(chatId);
    clearTimeout(this.dropTimers.get(chatId));
    this.dropTimers.delete(chatId);
    if (this.state.assigned.some((a) => a.chatId === chatId)) this.dismissed.add(chatId);
    const idx = this.order.indexOf(chatId);
    this.order = this.order.filter((id) => id !== chatId);
    if (this.selected === chatId) {
      // Select the neighbour, like closing a browser tab.
      this.selected = this.order[Math.min(idx, this.order.length - 1)] ?? null;
      this.markSelectedRead();
    }
    this.emit();
  }

  // ------------------------------------------------------------------ internals

  private applyState(patch: Partial<ConsoleState>): void {
    this.state = { ...this.state, ...patch };
    this.loaded = true;
    this.loadError = null;
    // My own presence entry is authoritative for my status (e.g. changed in another tab).
    if (patch.agents && !patch.status) {
      const me = patch.agents.find((a) => a.id === this.user.id);
      if (me) this.state.status = me.status;
    }
    if (patch.assigned) this.syncAssigned(patch.assigned);
    this.emit();
  }

  /** Make the open sessions follow the server's list of chats assigned to me. */
  private syncAssigned(list: AssignedChat[]): void {
    const initial = !this.assignedSeen;
    this.assignedSeen = true;
    const ids = new Set(list.map((c) => c.chatId));
    for (const id of [...this.dismissed]) if (!ids.has(id)) this.dismissed.delete(id);

    for (const chat of list) {
      clearTimeout(this.dropTimers.get(chat.chatId));
      this.dropTimers.delete(chat.chatId);
      if (this.dismissed.has(chat.chatId)) continue;
      const existing = this.sessions.get(chat.chatId);
      if (existing) {
        existing.info = { ...chat };
        continue;
      }
      this.open(chat);
      // The initial load opens silently; later arrivals not accepted by me are transfers.
      if (!initial && !this.accepting.has(chat.chatId)) toast(`Chat with ${chat.visitorName} was assigned to you.`, "info");
      if (this.selected === null) this.selected = chat.chatId;
    }

    // Gone from the list: ended (keep it read-only until closed) or moved away (drop it).
    // Wait a little, since the `ended` frame on the chat socket may arrive after this snapshot.
    for (const s of this.sessions.values()) {
      if (ids.has(s.chatId) || s.ended || this.dropTimers.has(s.chatId)) continue;
      this.dropTimers.set(
        s.chatId,
        setTimeout(() => {
          this.dropTimers.delete(s.chatId);
          if (s.ended || this.state.assigned.some((a) => a.chatId === s.chatId) || !this.sessions.has(s.chatId)) return;
          toast(`Chat with ${s.info.visitorName} is no longer assigned to you.`, "info");
          this.remove(s.chatId);
        }, DROP_GRACE_MS),
      );
    }
  }

  private open(chat: AssignedChat): ChatSession {
    const existing = this.sessions.get(chat.chatId);
    if (existing) return existing;
    const s = new ChatSession({ ...chat });
    this.sessions.set(chat.chatId, s);
    this.order = [...this.order, chat.chatId];
    s.subscribe(() => this.onSessionChange(s));
    return s;
  }

  private onSessionChange(s: ChatSession): void {
    if (s.gone && this.sessions.get(s.chatId) === s) {
      toast(`Chat with ${s.info.visitorName} is no longer assigned to you.`, "info");
      this.remove(s.chatId);
      return;
    }
    if (s.chatId === this.selected) this.markSelectedRead();
    this.emit();
  }

  private markSelectedRead(): void {
    if (this.view !== "chats" || this.selected === null || document.visibilityState !== "visible") return;
    this.sessions.get(this.selected)?.markRead();
  }
}
