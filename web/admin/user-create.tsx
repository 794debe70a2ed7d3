import type { Role } from "../../core/protocol";
import { useState } from "preact/hooks";
import { api, errorMessage } from "../shared/api";
import { toast } from "../shared/toast";
import type { AdminDepartment, AdminUser } from "./types";
import { DepartmentChecks, RoleSelect } from "./user-fields";

export const PASSWORD_MIN = 12;

/** 18 characters from a 56-letter alphabet without look-alikes (0/O, 1/l/I): ~104 bits. */
function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const out: string[] = [];
  // Rejection sampling keeps every letter equally likely.
  while (out.length < 18) {
    const [b] = crypto.getRandomValues(new Uint8Array(1));
    if (b! < 224) out.push(alphabet[b! % alphabet.length]!);
  }
  return out.join("");
}

export function CreateUserForm({ departments, onCreated }: { departments: AdminDepartment[]; onCreated: (u: AdminUser) => void }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [password, setPassword] = useState("");
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const passwordShort = password.length > 0 && password.length < PASSWORD_MIN;
  const valid = email.trim() !== "" && name.trim() !== "" && password.length >= PASSWORD_MIN;

  async function submit(e: Event) {
    e.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      const { user } = await api<{ user: AdminUser }>("/api/admin/users", {
        body: { email: email.trim(), name: name.trim(), role, departmentIds, password },
      });
      onCreated(user);
      toast(`${user.name} can now sign in as ${user.email}.`, "success");
      setEmail("");
      setName("");
      setRole("agent");
      setDepartmentIds([]);
      setPassword("");
      setShowPassword(false);
    } catch (err) {
      setError(errorMessage(err));
    }
    setBusy(false);
  }

  return (
    <form class="card form-grid" onSubmit={submit} aria-labelledby="new-user-title" data-testid="user-create-form">
      <h2 id="new-user-title" class="card-title">
        New user
      </h2>
      <label class="field">
        <span>Email</span>
        <input type="email" autoComplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required maxLength={254} data-testid="user-email" />
      </label>
      <label class="field">
        <span>Name</span>
        <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={80} data-testid="user-name" />
      </label>
      <RoleSelect value={role} onChange={setRole} testId="user-role" />
      <div class="field">
        <label for="new-user-password">Initial password</label>
        <div class="input-row">
          <input
            id="new-user-password"
            type={showPassword ? "text" : "password"}
            autoComplete="new-password"
            value={password}
            minLength={PASSWORD_MIN}
            maxLength={1024}
            required
            aria-describedby="new-user-password-hint"
            aria-invalid={passwordShort}
            onInput={(e) => setPassword(e.currentTarget.value)}
            data-testid="user-password"
          />
          <button
            type="button"
            class="btn small"
            onClick={() => {
              setPassword(generatePassword());
              // Shown so the admin can pass it on; the user should change it.
              setShowPassword(true);
            }}
          >
            Generate
          </button>
          <button type="button" class="btn small subtle" aria-pressed={showPassword} onClick={() => setShowPassword(!showPassword)}>
            {showPassword ? "Hide" : "Show"}
          </button>
        </div>
        <small id="new-user-password-hint" class={passwordShort ? "hint error-text" : "hint"}>
          At least {PASSWORD_MIN} characters.
        </small>
      </div>
      <DepartmentChecks departments={departments} value={departmentIds} onChange={setDepartmentIds} testId="user-dept" />
      {error && (
        <p class="form-error span-all" role="alert">
          {error}
        </p>
      )}
      <div class="span-all">
        <button type="submit" class="btn primary" disabled={!valid || busy} data-testid="user-create">
          {busy ? "Creating…" : "Create user"}
        </button>
      </div>
    </form>
  );
}
