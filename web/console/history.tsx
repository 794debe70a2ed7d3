import { useState } from "preact/hooks";
import { api, errorMessage } from "../shared/api";
import { formatClock, formatDateTime, formatShortDateTime, parseDateInput } from "../shared/format";
import { LoadState } from "../shared/status";
import { DataTable, type Column } from "../shared/table";
import { useResource } from "../shared/hooks";
import type { ConsoleStore } from "./store";
import { TranscriptView } from "./transcript-view";
import { ratingText, transcriptsUrl, type TranscriptFilters, type TranscriptPage, type TranscriptSummary } from "./transcripts";

const COLUMNS: Column<TranscriptSummary>[] = [
  { header: "Started", cell: (t) => <span title={formatDateTime(t.startedAt)}>{formatShortDateTime(t.startedAt)}</span>, class: "nowrap" },
  { header: "Visitor", cell: (t) => t.visitorName },
  { header: "Department", cell: (t) => t.departmentName },
  { header: "Agents", cell: (t) => t.agentNames.join(", ") || "—" },
  // Stopwatch format keeps these columns narrow; the transcript view spells durations out.
  // No wait time means nobody accepted the chat before it ended.
  { header: "Wait", cell: (t) => (t.waitMs === null ? "—" : formatClock(t.waitMs)), class: "num nowrap" },
  { header: "Duration", cell: (t) => formatClock(t.endedAt - t.startedAt), class: "num nowrap" },
  { header: "Messages", cell: (t) => t.messageCount, class: "num" },
  {
    header: "Rating",
    cell: (t) => <span aria-label={t.rating === null ? "No rating" : `${t.rating} out of 5`}>{ratingText(t.rating)}</span>,
    class: "nowrap rating",
  },
];

/** Past chats: filter by date range and agent, page with a cursor, open one to read it. */
export function History({ store }: { store: ConsoleStore }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [agentId, setAgentId] = useState("");
  // Filters apply on submit, not on every keystroke in the date fields.
  const [applied, setApplied] = useState<TranscriptFilters>({});
  const [more, setMore] = useState<TranscriptSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);

  const first = useResource(
    async (signal) => {
      const page = await api<TranscriptPage>(transcriptsUrl(applied, null), { signal });
      setMore([]);
      setNext(page.next);
      return page.transcripts;
    },
    [applied],
  );

  async function loadMore() {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api<TranscriptPage>(transcriptsUrl(applied, next));
      setMore((m) => [...m, ...page.transcripts]);
      setNext(page.next);
    } catch (e) {
      setMoreError(errorMessage(e));
    }
    setLoadingMore(false);
  }

  if (openId)
    return (
      <TranscriptView
        id={openId}
        permissions={store.state.permissions}
        onBack={() => setOpenId(null)}
        onDeleted={(id) => {
          // Gone for good: drop it from the results already loaded, without reloading them.
          first.mutate((rows) => rows?.filter((t) => t.id !== id));
          setMore((rows) => rows.filter((t) => t.id !== id));
          setOpenId(null);
        }}
      />
    );

  const rows = [...(first.data ?? []), ...more];
  const agents = [...store.state.agents].sort((a, b) => a.name.localeCompare(b.name));
  const rangeInvalid = from !== "" && to !== "" && from > to;

  return (
    <div class="page">
      <h1 class="page-title">History</h1>
      <form
        class="filters"
        aria-label="Filter transcripts"
        onSubmit={(e) => {
          e.preventDefault();
          if (rangeInvalid) return;
          setMoreError(null);
          setApplied({ from: parseDateInput(from), to: parseDateInput(to, true), agentId: agentId || undefined });
        }}
      >
        <label class="field inline">
          <span>From</span>
          <input type="date" value={from} max={to || undefined} onInput={(e) => setFrom(e.currentTarget.value)} data-testid="history-from" />
        </label>
        <label class="field inline">
          <span>To</span>
          <input type="date" value={to} min={from || undefined} onInput={(e) => setTo(e.currentTarget.value)} data-testid="history-to" />
        </label>
        <label class="field inline">
          <span>Agent</span>
          <select value={agentId} onChange={(e) => setAgentId(e.currentTarget.value)} data-testid="history-agent">
            <option value="">All agents</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="btn primary" disabled={rangeInvalid} data-testid="history-apply">
          Apply
        </button>
        {rangeInvalid && (
          <span class="form-error" role="alert">
            "From" must not be after "To".
          </span>
        )}
      </form>
      <LoadState loading={first.loading && !first.data} error={first.error} onRetry={first.reload}>
        <DataTable
          caption="Transcripts"
          columns={COLUMNS}
          rows={rows}
          rowKey={(t) => t.id}
          rowTestId="transcript-row"
          onRowClick={(t) => setOpenId(t.id)}
          empty="No chats match these filters."
        />
        {moreError && (
          <p class="form-error" role="alert">
            {moreError}
          </p>
        )}
        {next && (
          <div class="table-more">
            <button type="button" class="btn" onClick={() => void loadMore()} disabled={loadingMore} data-testid="history-more">
              {loadingMore ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
      </LoadState>
    </div>
  );
}
