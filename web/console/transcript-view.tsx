import { api, seg } from "../shared/api";
import { formatDateTime, formatDuration } from "../shared/format";
import { useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { MessageList } from "./message-list";
import { ratingText, type Transcript } from "./transcripts";

/** One finished chat: who, when, the survey, and every message. */
export function TranscriptView({ id, onBack }: { id: string; onBack: () => void }) {
  const res = useResource((signal) => api<{ transcript: Transcript }>(`/api/console/transcripts/${seg(id)}`, { signal }), [id]);
  const t = res.data?.transcript;
  return (
    <div class="page transcript" data-testid="transcript">
      <button type="button" class="btn subtle small" onClick={onBack} data-testid="transcript-back">
        ← Back to results
      </button>
      <LoadState loading={res.loading} error={res.error} onRetry={res.reload}>
        {t && (
          <>
            <h1 class="page-title">Chat with {t.visitorName}</h1>
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
            <MessageList messages={t.messages} label={`Transcript of the chat with ${t.visitorName}`} />
          </>
        )}
      </LoadState>
    </div>
  );
}
