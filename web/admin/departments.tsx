import { useState } from "preact/hooks";
import { api, errorMessage, seg } from "../shared/api";
import { Dialog } from "../shared/dialog";
import { useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { DataTable, type Column } from "../shared/table";
import { toast } from "../shared/toast";
import type { PageProps } from "./routes";
import type { AdminDepartment } from "./types";

const NAME_MAX = 80;

export function DepartmentsPage({ canWrite }: PageProps) {
  const res = useResource((signal) => api<{ departments: AdminDepartment[] }>("/api/admin/departments", { signal }), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AdminDepartment | null>(null);
  const departments = [...(res.data?.departments ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  const replace = (d: AdminDepartment) =>
    res.mutate((cur) => cur && { departments: cur.departments.map((x) => (x.id === d.id ? { ...x, ...d } : x)) });

  const columns: Column<AdminDepartment>[] = [
    {
      header: "Name",
      cell: (d) =>
        editing === d.id ? (
          <RenameForm
            dept={d}
            onDone={(updated) => {
              if (updated) replace(updated);
              setEditing(null);
            }}
          />
        ) : (
          <span data-testid="dept-row-name">{d.name}</span>
        ),
    },
    { header: "Agents", cell: (d) => d.agentCount, class: "num" },
  ];
  // Read-only roles get no actions column at all.
  if (canWrite)
    columns.push({
      header: "Actions",
      class: "actions",
      cell: (d) =>
        editing !== d.id && (
          <>
            <button type="button" class="btn small" onClick={() => setEditing(d.id)} data-testid="dept-rename" aria-label={`Rename ${d.name}`}>
              Rename
            </button>
            <button type="button" class="btn small danger" onClick={() => setDeleting(d)} data-testid="dept-delete" aria-label={`Delete ${d.name}`}>
              Delete
            </button>
          </>
        ),
    });

  return (
    <>
      {canWrite && <AddDepartment onAdded={(d) => res.mutate((cur) => cur && { departments: [...cur.departments, d] })} />}
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload}>
        <DataTable
          caption="Departments"
          rows={departments}
          rowKey={(d) => d.id}
          rowTestId="dept-row"
          empty={canWrite ? "No departments yet. Add the first one above." : "No departments yet."}
          columns={columns}
        />
      </LoadState>
      {deleting && (
        <DeleteDialog
          dept={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            res.mutate((cur) => cur && { departments: cur.departments.filter((x) => x.id !== deleting.id) });
            setDeleting(null);
          }}
        />
      )}
    </>
  );
}

function AddDepartment({ onAdded }: { onAdded: (d: AdminDepartment) => void }) {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || busy) return;
    setBusy(true);
    setError(null);
    try {
      const { department } = await api<{ department: AdminDepartment }>("/api/admin/departments", { body: { name: trimmed } });
      onAdded({ ...department, agentCount: department.agentCount ?? 0 });
      setName("");
      toast(`Department "${department.name}" added.`, "success");
    } catch (err) {
      setError(errorMessage(err));
    }
    setBusy(false);
  }

  return (
    <form class="toolbar-form" onSubmit={submit} aria-label="Add a department">
      <label class="field inline">
        <span>New department</span>
        <input
          value={name}
          maxLength={NAME_MAX}
          placeholder="e.g. Sales"
          onInput={(e) => setName(e.currentTarget.value)}
          data-testid="dept-name"
          required
        />
      </label>
      <button type="submit" class="btn primary" disabled={busy || !name.trim()} data-testid="dept-add">
        {busy ? "Adding…" : "Add department"}
      </button>
      {error && (
        <span class="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function RenameForm({ dept, onDone }: { dept: AdminDepartment; onDone: (updated: AdminDepartment | null) => void }) {
  const [name, setName] = useState(dept.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || busy) return;
    if (trimmed === dept.name) return onDone(null);
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ department?: AdminDepartment }>(`/api/admin/departments/${seg(dept.id)}`, { method: "PATCH", body: { name: trimmed } });
      // The PATCH answer's shape isn't pinned down; fall back to what we sent.
      onDone({ ...dept, ...(res?.department ?? {}), name: res?.department?.name ?? trimmed });
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form
      class="inline-form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape") onDone(null);
      }}
    >
      <input
        value={name}
        maxLength={NAME_MAX}
        aria-label={`New name for ${dept.name}`}
        onInput={(e) => setName(e.currentTarget.value)}
        data-testid="dept-rename-input"
        autoFocus
      />
      <button type="submit" class="btn small primary" disabled={busy || !name.trim()} data-testid="dept-rename-save">
        Save
      </button>
      <button type="button" class="btn small subtle" onClick={() => onDone(null)}>
        Cancel
      </button>
      {error && (
        <span class="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function DeleteDialog({ dept, onClose, onDeleted }: { dept: AdminDepartment; onClose: () => void; onDeleted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/admin/departments/${seg(dept.id)}`, { method: "DELETE" });
      toast(`Department "${dept.name}" deleted.`, "success");
      onDeleted();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={`Delete "${dept.name}"?`}
      onClose={onClose}
      testId="dept-delete-dialog"
      footer={
        <>
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="btn danger" onClick={() => void confirm()} disabled={busy} data-testid="dept-delete-confirm">
            {busy ? "Deleting…" : "Delete department"}
          </button>
        </>
      }
    >
      <p>
        Visitors will no longer be able to choose this department.
        {dept.agentCount > 0 && ` ${dept.agentCount} agent${dept.agentCount === 1 ? "" : "s"} will be removed from it.`}
      </p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
