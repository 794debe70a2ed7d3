import type { AgentToggles } from "../../core/chat-settings";
import type { AgentPresence, AgentStatus, AssignedChat, ColleagueMessage, LobbyServerFrame, QueuedChat } from "../../core/protocol";
import { api, ApiError, errorMessage, wsUrl } from "../shared/api";
import { Backoff } from "./backoff";

export interface Department {
  id: string;
  name: string;
}

/** `GET /api/console/state`. */
export interface ConsoleState {
  status: AgentStatus;
  queue: QueuedChat[];
  assigned: AssignedChat[];
  agents: AgentPresence[];
  departments: Department[];
  /** What the tenant's settings let my role do; the console offers only these actions. */
  permissions: AgentToggles;
  /** Hosts (and their subdomains) pages may be pushed from. */
  pushDomains: string[];
}

/** Until the first snapshot arrives, nothing governed by the settings is offered. */
export const NO_PERMISSIONS: AgentToggles = {
  emailTranscripts: false,
  agentChats: false,
  rejectQueued: false,
  copyTranscripts: false,
  pushPages: false,
  uploadFiles: false,
  blockVisitors: false,
  deleteTranscripts: false,
};

export interface LobbyHandlers {
  /** A full or partial new snapshot (socket frames carry one field each). */
  onState: (patch: Partial<ConsoleState>) => void;
  onConnection: (connected: boolean) => void;
  onError: (message: string) => void;
  onColleague: (message: ColleagueMessage) => void;
}

/**
 * The agent's lobby: live queue, presence and my assigned chats over one socket, with a REST
 * snapshot on every (re)connect to cover what happened while the socket was down.
 */
export class LobbyConnection {
  private ws: WebSocket | null = null;
  private disposed = false;
  private readonly backoff = new Backoff();
  private timer: ReturnType<typeof setTimeout> | undefined;
  // Each socket frame bumps its field's version; a REST snapshot that was requested before
  // a frame arrived is older than that frame and must not overwrite it.
  private versions = { queue: 0, agents: 0, assigned: 0 };

  constructor(private readonly h: LobbyHandlers) {}

  start(): void {
    this.connect();
  }

  /** Fetch the full state; throws ApiError (a 401 also signs the app out via api()). */
  async refresh(): Promise<void> {
    const before = { ...this.versions };
    const state = await api<ConsoleState>("/api/console/state");
    if (this.disposed) return;
    // Settings can change between snapshots: each (re)connect brings the current ones.
    const patch: Partial<ConsoleState> = { status: state.status, departments: state.departments, permissions: state.permissions, pushDomains: state.pushDomains };
    if (this.versions.queue === before.queue) patch.queue = state.queue;
    if (this.versions.agents === before.agents) patch.agents = state.agents;
    if (this.versions.assigned === before.assigned) patch.assigned = state.assigned;
    this.h.onState(patch);
  }

  reconnectNow(): void {
    if (this.disposed || this.ws) return;
    clearTimeout(this.timer);
    this.connect();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
  }

  private connect(): void {
    if (this.disposed) return;
    const ws = new WebSocket(wsUrl("/api/console/ws"));
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.backoff.reset();
      this.h.onConnection(true);
      this.refresh().catch((e: unknown) => this.h.onError(errorMessage(e)));
    };
    ws.onmessage = (e) => {
      if (this.ws !== ws || typeof e.data !== "string") return;
      let f: LobbyServerFrame;
      try {
        f = JSON.parse(e.data) as LobbyServerFrame;
      } catch {
        return;
      }
      switch (f.type) {
        case "queue":
          this.versions.queue++;
          this.h.onState({ queue: f.chats });
          break;
        case "presence":
          this.versions.agents++;
          this.h.onState({ agents: f.agents });
          break;
        case "assigned":
          this.versions.assigned++;
          this.h.onState({ assigned: f.chats });
          break;
        case "colleague":
          this.h.onColleague(f.message);
          break;
        case "error":
          this.h.onError(f.message);
          break;
      }
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.h.onConnection(false);
      this.timer = setTimeout(() => void this.retry(), this.backoff.next());
    };
  }

  /**
   * Before reopening the socket, check the session over REST: a failed WebSocket upgrade
   * carries no status, but a 401 here tells us to show the login form (api() does that).
   */
  private async retry(): Promise<void> {
    if (this.disposed) return;
    try {
      await this.refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      // Server unreachable: keep backing off without opening a socket that will fail too.
      if (e instanceof ApiError && e.status === 0) {
        this.timer = setTimeout(() => void this.retry(), this.backoff.next());
        return;
      }
    }
    this.connect();
  }
}
