import { useState } from "preact/hooks";
import { api, seg } from "../shared/api";
import { ConfirmDialog } from "../shared/confirm";
import { formatDateTime, formatShortDateTime } from "../shared/format";
import { useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { DataTable } from "../shared/table";
import { toast } from "../shared/toast";

export interface Block {
  id: string;
  chatId: string;
  reason: string | null;
  createdAt: number;
  expiresAt: number;
  /** The agent's name; null once that user was deleted. */
  blockedBy: string | null;
}

const when = (ms: number) => <span title={formatDateTime(ms)}>{formatShortDateTime(ms)}</span>;

/** Visitors agents have blocked, newest first, and lifting a block (site administrators). */
export function BlockedVisitors({ canWrite }: { canWrite: boolean }) {
  const res = useResource((signal) => api<{ blocks: Block[] }>("/api/admin/settings/blocked-visitors", { signal }), []);
  const [lifting, setLifting] = useState<Block | null>(null);
  const blocks = res.data?.blocks ?? [];

  return (
    <section class="card" aria-labelledby="blocked-title">
      <div class="card-head">
        <h2 id="blocked-title" class="card-title">
          Blocked visitors
        </h2>
        <button type="button" class="btn small" onClick={res.reload} disabled={res.loading} data-testid="blocked-refresh">
          Refresh
        </button>
      </div>
      <p class="small muted">
        An agent who blocks a visitor ends the chat; that visitor's network address then cannot start chats or leave messages for 30 days.
      </p>
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload}>
        <DataTable
          caption="Blocked visitors"
          rows={blocks}
          rowKey={(b) => b.id}
          rowTestId="blocked-row"
          empty="No visitor is blocked."
          columns={[
            { header: "Blocked", cell: (b) => when(b.createdAt), class: "nowrap" },
            { header: "By", cell: (b) => b.blockedBy ?? <span class="muted">(deleted user)</span>, class: "nowrap" },
            { header: "Reason", cell: (b) => b.reason || <span class="muted">—</span>, class: "grow" },
            { header: "Chat", cell: (b) => <code class="small">{b.chatId}</code>, class: "nowrap" },
            { header: "Until", cell: (b) => when(b.expiresAt), class: "nowrap" },
            ...(canWrite
              ? [
                  {
                    header: "Actions",
                    cell: (b: Block) => (
                      <button type="button" class="btn small" onClick={() => setLifting(b)} data-testid="block-lift">
                        Lift block
                      </button>
                    ),
                    class: "actions",
                  },
                ]
              : []),
          ]}
        />
      </LoadState>
      {lifting && (
        <ConfirmDialog
          title="Lift this block?"
          confirmLabel="Lift block"
          busyLabel="Lifting…"
          onClose={() => setLifting(null)}
          onConfirm={async () => {
            await api(`/api/admin/settings/blocked-visitors/${seg(lifting.id)}`, { method: "DELETE" });
            res.mutate((d) => d && { blocks: d.blocks.filter((b) => b.id !== lifting.id) });
            setLifting(null);
            toast("Block lifted: the visitor can chat again.", "success");
          }}
        >
          <p>
            The visitor blocked by {lifting.blockedBy ?? "a deleted user"} on {formatDateTime(lifting.createdAt)} will be able to start chats again right
            away.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
