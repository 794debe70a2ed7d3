import type { Colleague, ColleagueMessage } from "../../core/protocol";
import { api, errorMessage, seg } from "../shared/api";
import { toast } from "../shared/toast";
import { Observable } from "./observable";

/**
 * Agent-to-agent chats: who I may chat with, each conversation's messages and unread counts.
 * New messages arrive on the lobby socket (both directions, so my other tabs stay in step);
 * a conversation's history is fetched when it is first opened.
 */
export class ColleagueDesk extends Observable {
  colleagues: Colleague[] | null = null;
  loadError: string | null = null;
  selected: string | null = null;
  /** Whether the colleague view is on screen (then the selected conversation is read as it arrives). */
  visible = false;
  private conversations = new Map<string, ColleagueMessage[]>();
  private unread = new Map<string, number>();

  constructor(private readonly me: string) {
    super();
  }

  messages(id: string): ColleagueMessage[] | undefined {
    return this.conversations.get(id);
  }

  unreadFrom(id: string): number {
    return this.unread.get(id) ?? 0;
  }

  get totalUnread(): number {
    let n = 0;
    for (const v of this.unread.values()) n += v;
    return n;
  }

  async load(): Promise<void> {
    try {
      this.colleagues = (await api<{ colleagues: Colleague[] }>("/api/console/colleagues")).colleagues;
      this.loadError = null;
    } catch (e) {
      this.loadError = errorMessage(e);
    }
    this.emit();
  }

  async open(id: string): Promise<void> {
    this.selected = id;
    this.unread.delete(id);
    this.emit();
    if (this.conversations.has(id)) return;
    try {
      const { messages } = await api<{ messages: ColleagueMessage[] }>(`/api/console/colleagues/${seg(id)}/messages`);
      // Messages that arrived on the socket while the history loaded are kept, once each.
      const live = this.conversations.get(id) ?? [];
      this.conversations.set(id, [...messages, ...live.filter((m) => !messages.some((h) => h.id === m.id))]);
    } catch (e) {
      toast(errorMessage(e), "error");
    }
    this.emit();
  }

  /** Resolves true when the server accepted the message (it comes back on the socket too). */
  async send(to: string, body: string): Promise<boolean> {
    try {
      const { message } = await api<{ message: ColleagueMessage }>(`/api/console/colleagues/${seg(to)}/messages`, { body: { body } });
      this.receive(message);
      return true;
    } catch (e) {
      toast(errorMessage(e), "error");
      return false;
    }
  }

  /** A message to or from me, from the lobby socket or my own send. */
  receive(m: ColleagueMessage): void {
    const other = m.from.id === this.me ? m.to : m.from.id;
    const list = this.conversations.get(other) ?? [];
    if (list.some((x) => x.id === m.id)) return;
    this.conversations.set(other, [...list, m]);
    const onScreen = this.visible && this.selected === other && !document.hidden;
    if (m.from.id !== this.me && !onScreen) this.unread.set(other, this.unreadFrom(other) + 1);
    this.emit();
  }
}
