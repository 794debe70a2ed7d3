/** A transcript as plain text, for e-mail: one line per message, times in UTC. */
import type { Transcript } from "./protocol";

export function transcriptText(t: Transcript): string {
  const when = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";
  const head = [
    `Chat with ${t.visitorName} (${t.departmentName})`,
    `Agents: ${t.agentNames.join(", ") || "none"}`,
    `Started ${when(t.startedAt)}, ended ${when(t.endedAt)}`,
    ...(t.rating ? [`Rating: ${t.rating}/5${t.surveyComment ? ` — ${t.surveyComment}` : ""}`] : []),
  ];
  const lines = t.messages.map((m) => `[${when(m.at).slice(11, 19)}] ${m.from.name}: ${m.file ? `sent a file: ${m.body}` : m.body}`);
  return `${head.join("\n")}\n\n${lines.join("\n")}\n`;
}
