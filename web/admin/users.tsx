import { useState } from "preact/hooks";
import { api, errorMessage } from "../shared/api";
import { ConfirmDialog } from "../shared/confirm";
import { formatDateTime, formatShortDateTime } from "../shared/format";
import { useDebounced, useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { DataTable, type Column } from "../shared/table";
import { toast } from "../shared/toast";
import { ROLE_LABELS } from "../shared/user";
import { OneTimeLinkDialog } from "./link-dialog";
import type { PageProps } from "./routes";
import type { AdminDepartment, AdminUser } from "./types";
import type { ActionResult, UserAction } from "./user-actions";
import { EditUserDialog } from "./user-edit";
import { InviteForm } from "./user-invite";
import { UserRowActions } from "./user-row-actions";
import { UserStatus } from "./user-status";

/** A link to show once: after an invitation or a password reset. */
type Shown = { kind: "invite" | "reset"; user: AdminUser; link: string };

export function UsersPage({ user: me, canWrite }: PageProps) {
  const [query, setQuery] = useState("");
  const q = useDebounced(query.trim(), 250);
  const users = useResource((signal) => api<{ users: AdminUser[] }>(`/api/admin/users${q ? `?q=${encodeURIComponent(q)}` : ""}`, { signal }), [q]);
  // Department names for the table and the checkboxes; they don't change with the search.
  const depts = useResource((signal) => api<{ departments: AdminDepartment[] }>("/api/admin/departments", { signal }), []);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [pending, setPending] = useState<{ user: AdminUser; action: UserAction } | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);

  const departments = [...(depts.data?.departments ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const deptName = (id: string) => departments.find((d) => d.id === id)?.name ?? "(deleted)";
  const rows = [...(users.data?.users ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  const upsert = (u: AdminUser) =>
    users.mutate((cur) => cur && { users: cur.users.some((x) => x.id === u.id) ? cur.users.map((x) => (x.id === u.id ? u : x)) : [...cur.users, u] });

  /** Runs an action and shows its outcome; throws so a confirm dialog can show the refusal. */
  async function perform(u: AdminUser, action: UserAction): Promise<void> {
    const r: ActionResult = await action.run(u);
    if ("deleted" in r) users.mutate((cur) => cur && { users: cur.users.filter((x) => x.id !== u.id) });
    else upsert(r.user);
    setPending(null);
    if (!("deleted" in r) && r.link) setShown({ kind: "reset", user: r.user, link: r.link });
    else toast(action.done(u), "success");
  }

  function start(u: AdminUser, action: UserAction) {
    if (action.confirm) return setPending({ user: u, action });
    perform(u, action).catch((e: unknown) => toast(errorMessage(e), "error"));
  }

  const columns: Column<AdminUser>[] = [
    {
      header: "Name",
      cell: (u) => (
        <>
          <span data-testid="user-row-name">{u.name}</span>
          {u.id === me.id && <span class="muted small"> (you)</span>}
          <div class="muted small">{u.email}</div>
        </>
      ),
    },
    { header: "Role", cell: (u) => ROLE_LABELS[u.role] ?? u.role, class: "nowrap" },
    { header: "Departments", cell: (u) => u.departmentIds.map(deptName).join(", ") || "—" },
    { header: "Status", cell: (u) => <UserStatus user={u} /> },
    { header: "Added", cell: (u) => <span title={formatDateTime(u.createdAt)}>{formatShortDateTime(u.createdAt)}</span>, class: "nowrap" },
  ];
  if (canWrite)
    columns.push({
      header: "Actions",
      class: "actions",
      cell: (u) => <UserRowActions user={u} me={me} onEdit={() => setEditing(u)} onAction={(a) => start(u, a)} />,
    });

  return (
    <>
      <div class="toolbar-form">
        <label class="field inline">
          <span>Search</span>
          <input
            type="search"
            value={query}
            placeholder="Name or e-mail"
            onInput={(e) => setQuery(e.currentTarget.value)}
            data-testid="user-search"
            aria-controls="users-table"
          />
        </label>
        {users.data && (
          <span class="count" role="status" data-testid="user-count">
            {rows.length} {rows.length === 1 ? "user" : "users"}
            {q && ` matching “${q}”`}
          </span>
        )}
      </div>
      <LoadState loading={users.loading && !users.data} error={users.error ?? depts.error} onRetry={() => (users.reload(), depts.reload())}>
        <div id="users-table">
          <DataTable
            caption="Users"
            rows={rows}
            rowKey={(u) => u.id}
            rowTestId="user-row"
            rowClass={(u) => (u.disabled ? "row-disabled" : "")}
            empty={q ? "Nobody matches this search." : "No users yet."}
            columns={columns}
          />
        </div>
      </LoadState>
      {canWrite && (
        <InviteForm
          departments={departments}
          onInvited={({ user, link }) => {
            upsert(user);
            setShown({ kind: "invite", user, link });
          }}
        />
      )}
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
      {pending?.action.confirm && (
        <ConfirmDialog
          title={pending.action.confirm.title(pending.user)}
          confirmLabel={pending.action.confirm.ok}
          danger={pending.action.confirm.danger ?? false}
          onClose={() => setPending(null)}
          onConfirm={() => perform(pending.user, pending.action)}
        >
          <p>{pending.action.confirm.body(pending.user)}</p>
        </ConfirmDialog>
      )}
      {shown && (
        <OneTimeLinkDialog
          title={shown.kind === "invite" ? `${shown.user.name} is invited` : `New password link for ${shown.user.name}`}
          link={shown.link}
          testId={shown.kind === "invite" ? "invite-link" : "reset-link"}
          onClose={() => setShown(null)}
        >
          <p>
            We e-mailed {shown.user.email} a link to choose {shown.kind === "invite" ? "a" : "a new"} password (valid for{" "}
            {shown.kind === "invite" ? "7 days" : "24 hours"}). If the e-mail does not arrive, pass this link on yourself, privately:
          </p>
        </OneTimeLinkDialog>
      )}
    </>
  );
}
