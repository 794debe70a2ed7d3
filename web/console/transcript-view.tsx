import { useState } from "preact/hooks";
import type { AgentToggles } from "../../core/chat-settings";
import { api, seg } from "../shared/api";
import { copyText } from "../shared/clipboard";
import { ConfirmDialog } from "../shared/confirm";
import { formatDateTime, formatDuration } from "../shared/format";
import { useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { toast } from "../shared/toast";
import { conversationText } from "./conversation-text";
import { EmailDialog } from "./email-dialog";
import { MessageList } from "./message-list";
import { ratingText, type Transcript } from "./transcripts";

/** One finished chat: who, when, the survey, every message, and what the settings let me do with it. */
export function TranscriptView(props: { id: string; permissions: AgentToggles; onBack: () => void; onDeleted: (id: string) => void }) {
  const { id, onBack, permissions: can } = props;
  const res = useResource((signal) => api<{ transcript: Transcript }>(`/api/console/transcripts/${seg(id)}`, { signal }), [id]);
  const [dialog, setDialog] = useState<"email" | "delete" | null>(null);
  const t = res.data?.transcript;
  return (
    <div class="page transcript" data-testid="transcript">
      <button type="button" class="btn subtle small" onClick={onBack} data-testid="transcript-back">
        ← Back to results
      </button>
      <LoadState loading={res.loading} error={res.error} onRetry={res.reload}>
        {t && (
          <>
            <div class="page-head">
              <h1 class="page-title">Chat with {t.visitorName}</h1>
              <div class="button-row">
                {can.copyTranscripts && (
                  <button
                    type="button"
                    class="btn"
                    onClick={() => void copyText(conversationText(`Chat with ${t.visitorName}`, t.messages), "Transcript")}
                    data-testid="copy-transcript"
                  >
                    Copy transcript
                  </button>
                )}
                {can.emailTranscripts && (
                  <button type="button" class="btn" onClick={() => setDialog("email")} data-testid="transcript-email">
                    E-mail…
                  </button>
                )}
                {can.deleteTranscripts && (
                  <button type="button" class="btn danger" onClick={() => setDialog("delete")} data-testid="transcript-delete">
                    Delete
                  </button>
                )}
              </div>
            </div>
            <dl class="facts">
              <div>
                <dt>Visitor email</dt>
                <dd>{t.visitorEmail ?? "—"}</dd>
              </div>
              <div>
                <dt>Department</dt>
                <dd>{t.departmentName}</dd>
              </div>
              <div>
                <dt>Agents</dt>
                <dd>{t.agentNames.join(", ") || "—"}</dd>
              </div>
              <div>
                <dt>Started</dt>
                <dd>{formatDateTime(t.startedAt)}</dd>
              </div>
              <div>
                <dt>Ended</dt>
                <dd>{formatDateTime(t.endedAt)}</dd>
              </div>
              <div>
                <dt>Waited</dt>
                <dd>{t.waitMs === null ? "Not answered" : formatDuration(t.waitMs)}</dd>
              </div>
              <div>
                <dt>Rating</dt>
                <dd data-testid="transcript-rating" aria-label={t.rating === null ? "No rating" : `${t.rating} out of 5`}>
                  {ratingText(t.rating)}
                </dd>
              </div>
              <div class="wide">
                <dt>Survey comment</dt>
                <dd class="pre" data-testid="transcript-comment">
                  {t.surveyComment ?? "—"}
                </dd>
              </div>
            </dl>
            <MessageList messages={t.messages} label={`Transcript of the chat with ${t.visitorName}`} noCopy={!can.copyTranscripts} chatId={t.id} />
            {dialog === "email" && <EmailDialog transcriptId={t.id} visitorName={t.visitorName} onClose={() => setDialog(null)} />}
            {dialog === "delete" && (
              <ConfirmDialog
                title="Delete this transcript?"
                confirmLabel="Delete transcript"
                busyLabel="Deleting…"
                danger
                onClose={() => setDialog(null)}
                onConfirm={async () => {
                  await api(`/api/console/transcripts/${seg(t.id)}`, { method: "DELETE" });
                  toast("Transcript deleted.", "success");
                  props.onDeleted(t.id);
                }}
              >
                <p>
                  The chat with {t.visitorName} on {formatDateTime(t.startedAt)} is removed from History for everyone. This cannot be undone.
                </p>
              </ConfirmDialog>
            )}
          </>
        )}
      </LoadState>
    </div>
  );
}
