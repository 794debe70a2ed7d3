import type { AgentStatus } from "../../core/protocol";
import type { ConsoleStore } from "./store";

const STATUSES: { value: AgentStatus; label: string }[] = [
  { value: "online", label: "Online" },
  { value: "away", label: "Away" },
  { value: "offline", label: "Offline" },
];

/** My availability; only "online" agents are offered new chats by the server. */
export function StatusSelect({ store }: { store: ConsoleStore }) {
  const status = store.state.status;
  return (
    <label class={`status-select status-${status}`}>
      <span class="status-dot" aria-hidden="true" />
      <span class="sr-only">My status</span>
      <select
        data-testid="status"
        value={status}
        onChange={(e) => void store.setStatus(e.currentTarget.value as AgentStatus)}
      >
        {STATUSES.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  );
}
