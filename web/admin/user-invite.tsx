import type { Role } from "../../core/protocol";
import { useState } from "preact/hooks";
import { api, errorMessage, sentence } from "../shared/api";
import { FormError } from "../shared/auth-card";
import type { AdminDepartment, UserWithLink } from "./types";
import { DepartmentChecks, RoleSelect } from "./user-fields";

/**
 * Invites a person: the account is created without a password and they choose one with the
 * e-mailed link, so no administrator ever knows (or has to send) anyone's password.
 */
export function InviteForm({ departments, onInvited }: { departments: AdminDepartment[]; onInvited: (r: UserWithLink) => void }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const valid = /^\S+@\S+\.\S+$/.test(email.trim()) && name.trim() !== "";

  async function submit(e: Event) {
    e.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api<UserWithLink>("/api/admin/users/invite", { body: { email: email.trim(), name: name.trim(), role, departmentIds } });
      onInvited(result);
      setEmail("");
      setName("");
      setRole("agent");
      setDepartmentIds([]);
    } catch (err) {
      setError(sentence(errorMessage(err)));
    }
    setBusy(false);
  }

  return (
    <form class="card form-grid" onSubmit={submit} aria-labelledby="invite-title" data-testid="invite-form" noValidate>
      <h2 id="invite-title" class="card-title">
        Invite a user
      </h2>
      <p class="small muted span-all">They get an e-mail with a link to choose their own password. The link works once, for 7 days.</p>
      <label class="field">
        <span>Email</span>
        <input type="email" autoComplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required maxLength={254} data-testid="invite-email" />
      </label>
      <label class="field">
        <span>Name</span>
        <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={80} data-testid="invite-name" />
      </label>
      <RoleSelect value={role} onChange={setRole} testId="invite-role" />
      <DepartmentChecks departments={departments} value={departmentIds} onChange={setDepartmentIds} testId="invite-dept" />
      <div class="span-all">
        <FormError message={error} testId="invite-error" />
        <button type="submit" class="btn primary" disabled={!valid || busy} data-testid="invite-submit">
          {busy ? "Inviting…" : "Send invitation"}
        </button>
      </div>
    </form>
  );
}
