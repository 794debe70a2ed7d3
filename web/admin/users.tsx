import { useState } from "preact/hooks";
import { api, errorMessage, seg } from "../shared/api";
import { formatShortDateTime } from "../shared/format";
import { useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { DataTable } from "../shared/table";
import { toast } from "../shared/toast";
import { ROLE_LABELS, type SessionUser } from "../shared/user";
import type { AdminDepartment, AdminUser } from "./types";
import { CreateUserForm } from "./user-create";
import { EditUserDialog } from "./user-edit";

interface Data {
  users: AdminUser[];
  departments: AdminDepartment[];
}

export function UsersPage({ user: me }: { user: SessionUser }) {
  const res = useResource(async (signal): Promise<Data> => {
    // Department names are needed for the table and the checkboxes.
    const [u, d] = await Promise.all([
      api<{ users: AdminUser[] }>("/api/admin/users", { signal }),
      api<{ departments: AdminDepartment[] }>("/api/admin/departments", { signal }),
    ]);
    return { users: u.users, departments: d.departments };
  }, []);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  const departments = [...(res.data?.departments ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const deptName = (id: string) => departments.find((d) => d.id === id)?.name ?? "(deleted)";
  const users = [...(res.data?.users ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  const upsert = (u: AdminUser) =>
    res.mutate((cur) => cur && { ...cur, users: cur.users.some((x) => x.id === u.id) ? cur.users.map((x) => (x.id === u.id ? u : x)) : [...cur.users, u] });

  async function toggle(u: AdminUser) {
    setToggling(u.id);
    try {
      const r = await api<{ user: AdminUser }>(`/api/admin/users/${seg(u.id)}`, { method: "PATCH", body: { disabled: !u.disabled } });
      upsert(r.user);
      toast(`${r.user.name} ${r.user.disabled ? "can no longer sign in" : "can sign in again"}.`, "success");
    } catch (e) {
      toast(errorMessage(e), "error");
    }
    setToggling(null);
  }

  return (
    <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload}>
      <DataTable
        caption="Users"
        rows={users}
        rowKey={(u) => u.id}
        rowTestId="user-row"
        rowClass={(u) => (u.disabled ? "row-disabled" : "")}
        columns={[
          { header: "Name", cell: (u) => <span data-testid="user-row-name">{u.name}</span> },
          { header: "Email", cell: (u) => u.email },
          { header: "Role", cell: (u) => ROLE_LABELS[u.role] ?? u.role, class: "nowrap" },
          { header: "Departments", cell: (u) => u.departmentIds.map(deptName).join(", ") || "—" },
          {
            header: "Status",
            cell: (u) => <span class={u.disabled ? "chip" : "chip ok"} data-testid="user-status">{u.disabled ? "Disabled" : "Active"}</span>,
          },
          { header: "Created", cell: (u) => formatShortDateTime(u.createdAt), class: "nowrap" },
          {
            header: "Actions",
            class: "actions",
            cell: (u) => (
              <>
                <button type="button" class="btn small" onClick={() => setEditing(u)} data-testid="user-edit" aria-label={`Edit ${u.name}`}>
                  Edit
                </button>
                <button
                  type="button"
                  class={u.disabled ? "btn small" : "btn small danger"}
                  onClick={() => void toggle(u)}
                  // Disabling yourself would lock you out mid-session.
                  disabled={toggling === u.id || u.id === me.id}
                  title={u.id === me.id ? "You cannot disable your own account" : undefined}
                  data-testid="user-toggle"
                  aria-label={`${u.disabled ? "Enable" : "Disable"} ${u.name}`}
                >
                  {u.disabled ? "Enable" : "Disable"}
                </button>
              </>
            ),
          },
        ]}
      />
      <CreateUserForm departments={departments} onCreated={upsert} />
      {editing && (
        <EditUserDialog
          user={editing}
          departments={departments}
          onClose={() => setEditing(null)}
          onSaved={(u) => {
            upsert(u);
            setEditing(null);
          }}
        />
      )}
    </LoadState>
  );
}
