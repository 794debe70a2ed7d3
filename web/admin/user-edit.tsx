import type { Role } from "../../core/protocol";
import { useState } from "preact/hooks";
import { api, errorMessage, seg } from "../shared/api";
import { Dialog } from "../shared/dialog";
import { toast } from "../shared/toast";
import type { AdminDepartment, AdminUser } from "./types";
import { DepartmentChecks, RoleSelect } from "./user-fields";

/** Edit name, role and departments; only changed fields are sent. */
export function EditUserDialog(props: { user: AdminUser; departments: AdminDepartment[]; onClose: () => void; onSaved: (u: AdminUser) => void }) {
  const { user } = props;
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [departmentIds, setDepartmentIds] = useState(user.departmentIds);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const patch: { name?: string; role?: Role; departmentIds?: string[] } = {};
  if (name.trim() !== user.name) patch.name = name.trim();
  if (role !== user.role) patch.role = role;
  const sameDepts = departmentIds.length === user.departmentIds.length && departmentIds.every((d) => user.departmentIds.includes(d));
  if (!sameDepts) patch.departmentIds = departmentIds;
  const changed = Object.keys(patch).length > 0;

  async function save(e: Event) {
    e.preventDefault();
    if (!changed || busy || !name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ user: AdminUser }>(`/api/admin/users/${seg(user.id)}`, { method: "PATCH", body: patch });
      toast(`Saved ${res.user.name}.`, "success");
      props.onSaved(res.user);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Edit ${user.name}`} onClose={props.onClose} testId="user-edit-dialog">
      <form class="stack" onSubmit={save}>
        <p class="muted">{user.email}</p>
        <label class="field">
          <span>Name</span>
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={80} data-testid="user-edit-name" />
        </label>
        <RoleSelect value={role} onChange={setRole} testId="user-edit-role" />
        <DepartmentChecks departments={props.departments} value={departmentIds} onChange={setDepartmentIds} testId="user-edit-dept" />
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <div class="button-row end">
          <button type="button" class="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="btn primary" disabled={!changed || busy || !name.trim()} data-testid="user-save">
            {busy ? "Saving…" : "Save changes"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
