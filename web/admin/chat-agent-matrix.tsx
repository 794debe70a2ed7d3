import type { AgentToggle, ChatSettings } from "../../core/chat-settings";
import { ROLE_LABELS } from "../shared/user";
import { ROLES, TOGGLE_LABELS, TOGGLES } from "./chat-settings-text";

/** One line each: what the toggle allows in practice, so the matrix reads without the docs. */
const HINTS: Record<AgentToggle, string> = {
  emailTranscripts: "Send a past chat's archived, masked transcript by e-mail from History.",
  agentChats: "Chat with colleagues inside the console.",
  rejectQueued: "Decline a waiting chat; it stays queued for colleagues.",
  copyTranscripts: "When off, conversation text cannot be selected or copied in the console.",
  pushPages: "Offer the visitor a page on the allowed domains below.",
  uploadFiles: "Send files to visitors (each one virus-scanned).",
  blockVisitors: "End the chat and refuse that visitor's chats for 30 days.",
  deleteTranscripts: "Remove a past chat from History for good.",
};

/** What each role may do, as a table: a row per action, a column per role. */
export function AgentMatrix({ value, onChange }: { value: ChatSettings["agent"]; onChange: (v: ChatSettings["agent"]) => void }) {
  return (
    <section class="card" aria-labelledby="agent-matrix-title">
      <h2 id="agent-matrix-title" class="card-title">
        Agent settings
      </h2>
      <p class="small muted">What people in each role may do in the console. Actions that are off are not offered there, and the server refuses them.</p>
      <div class="table-wrap">
        <table class="table matrix">
          <caption class="sr-only">Actions allowed per role</caption>
          <thead>
            <tr>
              <th scope="col">Action</th>
              {ROLES.map((r) => (
                <th scope="col" class="matrix-cell" key={r}>
                  {ROLE_LABELS[r]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {TOGGLES.map((t) => (
              <tr key={t}>
                <th scope="row" class="matrix-action">
                  {TOGGLE_LABELS[t]}
                  <small class="hint">{HINTS[t]}</small>
                </th>
                {ROLES.map((r) => (
                  <td class="matrix-cell" key={r}>
                    <input
                      type="checkbox"
                      checked={value[r][t]}
                      aria-label={`${TOGGLE_LABELS[t]}: ${ROLE_LABELS[r]}`}
                      onChange={(e) => onChange({ ...value, [r]: { ...value[r], [t]: e.currentTarget.checked } })}
                      data-testid={`toggle-${r}-${t}`}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
