import type { ChatMessage } from "../../core/protocol";
import { formatDateTime, formatTime } from "../shared/format";

/** A conversation as plain text for the clipboard: a title line, then "[10:42] Name: text" per message. */
export function conversationText(title: string, messages: ChatMessage[]): string {
  const first = messages[0];
  const head = first ? `${title}, ${formatDateTime(first.at)}` : title;
  return [head, "", ...messages.map((m) => `[${formatTime(m.at)}] ${m.from.name}: ${m.file ? `sent a file: ${m.body}` : m.body}`)].join("\n") + "\n";
}
