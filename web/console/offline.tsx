import { api } from "../shared/api";
import { formatDateTime, formatShortDateTime } from "../shared/format";
import { useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { DataTable, type Column } from "../shared/table";

interface OfflineMessage {
  id: string;
  departmentId: string;
  departmentName: string;
  name: string;
  email: string;
  message: string;
  createdAt: number;
}

// Only link plain addresses: the value came from an anonymous visitor.
const SIMPLE_EMAIL = /^[^\s@<>"'?&]+@[^\s@<>"'?&/]+$/;

const COLUMNS: Column<OfflineMessage>[] = [
  { header: "Received", cell: (m) => <span title={formatDateTime(m.createdAt)}>{formatShortDateTime(m.createdAt)}</span>, class: "nowrap" },
  { header: "Department", cell: (m) => m.departmentName },
  { header: "Name", cell: (m) => m.name },
  {
    header: "Email",
    cell: (m) => (SIMPLE_EMAIL.test(m.email) ? <a href={`mailto:${m.email}`}>{m.email}</a> : m.email),
  },
  { header: "Message", cell: (m) => <div class="pre cell-message">{m.message}</div>, class: "grow" },
];

/** Messages visitors left while nobody was online, newest first. */
export function OfflineMessages() {
  const res = useResource((signal) => api<{ messages: OfflineMessage[] }>("/api/console/offline-messages", { signal }), []);
  const rows = [...(res.data?.messages ?? [])].sort((a, b) => b.createdAt - a.createdAt);
  return (
    <div class="page">
      <div class="page-head">
        <h1 class="page-title">Offline messages</h1>
        <button type="button" class="btn small" onClick={res.reload} disabled={res.loading} data-testid="offline-refresh">
          Refresh
        </button>
      </div>
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload}>
        <DataTable
          caption="Offline messages"
          columns={COLUMNS}
          rows={rows}
          rowKey={(m) => m.id}
          rowTestId="offline-row"
          empty="No offline messages."
        />
      </LoadState>
    </div>
  );
}
