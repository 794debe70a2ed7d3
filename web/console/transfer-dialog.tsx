import { useState } from "preact/hooks";
import { errorMessage } from "../shared/api";
import { Dialog } from "../shared/dialog";
import type { ChatSession } from "./chat-socket";
import type { ConsoleStore } from "./store";

/** Hand the chat to an online colleague, or back to a department's queue. */
export function TransferDialog({ store, session, onClose }: { store: ConsoleStore; session: ChatSession; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const agents = store.state.agents
    .filter((a) => a.status === "online" && a.id !== store.user.id)
    .sort((a, b) => a.activeChats - b.activeChats || a.name.localeCompare(b.name));
  const departments = [...store.state.departments].sort((a, b) => a.name.localeCompare(b.name));

  async function go(target: { agentId: string } | { departmentId: string }, label: string) {
    setBusy(true);
    setError(null);
    try {
      // On success the chat leaves my list and this dialog unmounts with it.
      await store.transfer(session.chatId, target, label);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Transfer chat with ${session.info.visitorName}`} onClose={onClose} testId="transfer-dialog">
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <h3 class="dialog-section">Agents online</h3>
      {agents.length === 0 ? (
        <p class="muted">No other agent is online.</p>
      ) : (
        <ul class="pick-list">
          {agents.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                class="pick"
                disabled={busy}
                data-testid="transfer-agent"
                data-id={a.id}
                onClick={() => void go({ agentId: a.id }, a.name)}
              >
                <span class="pick-name">{a.name}</span>
                <span class="pick-meta">
                  {a.departmentIds.map((d) => store.departmentName(d)).join(", ")} · {a.activeChats} active
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3 class="dialog-section">Departments</h3>
      <p class="muted small">The chat goes back to the department's queue; the first available agent accepts it.</p>
      <ul class="pick-list">
        {departments.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              class="pick"
              disabled={busy}
              data-testid="transfer-dept"
              data-id={d.id}
              onClick={() => void go({ departmentId: d.id }, d.name)}
            >
              <span class="pick-name">{d.name}</span>
              {d.id === session.info.departmentId && <span class="pick-meta">current</span>}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
