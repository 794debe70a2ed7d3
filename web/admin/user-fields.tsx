import type { Role } from "../../core/protocol";
import { ROLE_LABELS } from "../shared/user";
import type { AdminDepartment } from "./types";

const ROLES = Object.keys(ROLE_LABELS) as Role[];

export function RoleSelect({ value, onChange, testId }: { value: Role; onChange: (r: Role) => void; testId: string }) {
  return (
    <label class="field">
      <span>Role</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value as Role)} data-testid={testId}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Department membership as a group of checkboxes. */
export function DepartmentChecks(props: { departments: AdminDepartment[]; value: string[]; onChange: (ids: string[]) => void; testId: string }) {
  const { departments, value } = props;
  return (
    <fieldset class="field checks">
      <legend>Departments</legend>
      {departments.length === 0 ? (
        <p class="muted small">No departments yet.</p>
      ) : (
        departments.map((d) => (
          <label key={d.id} class="check">
            <input
              type="checkbox"
              value={d.id}
              checked={value.includes(d.id)}
              data-testid={props.testId}
              onChange={(e) => props.onChange(e.currentTarget.checked ? [...value, d.id] : value.filter((x) => x !== d.id))}
            />
            {d.name}
          </label>
        ))
      )}
    </fieldset>
  );
}
