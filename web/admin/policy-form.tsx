import { useId } from "preact/hooks";
import type { SecurityPolicy } from "../../core/password-policy";
import type { Role } from "../../core/protocol";
import { ROLE_LABELS } from "../shared/user";
import { SettingsCard } from "./settings-card";

type Section = "password" | "lockout" | "sessions";

/** One number of the policy: where it lives, its limits (as core/password-policy.ts checks them) and its help. */
interface NumberSpec {
  section: Section;
  key: string;
  label: string;
  unit: string;
  min: number;
  max: number;
  help: string;
  testId: string;
}

const NUM = {
  minLength: { section: "password", key: "minLength", label: "Minimum length", unit: "characters", min: 8, max: 128, help: "12 or more is recommended; long passphrases are the strongest passwords.", testId: "policy-min-length" },
  maxLength: { section: "password", key: "maxLength", label: "Maximum length", unit: "characters", min: 64, max: 1024, help: "Keep it high so password managers and passphrases fit.", testId: "policy-max-length" },
  history: { section: "password", key: "history", label: "Refuse recent passwords", unit: "previous passwords", min: 0, max: 24, help: "A new password may not repeat this many earlier ones. 0 = off.", testId: "policy-history" },
  expiryDays: { section: "password", key: "expiryDays", label: "Password expiry", unit: "days", min: 0, max: 365, help: "People must choose a new password after this long. 0 = never (recommended unless a standard requires it).", testId: "policy-expiry" },
  maxAttempts: { section: "lockout", key: "maxAttempts", label: "Lock after", unit: "failed sign-ins in a row", min: 3, max: 100, help: "Wrong passwords and wrong codes both count.", testId: "policy-max-attempts" },
  lockMinutes: { section: "lockout", key: "lockMinutes", label: "Lock for", unit: "minutes", min: 0, max: 1440, help: "0 = until an administrator unlocks the account on the Users page.", testId: "policy-lock-minutes" },
  idleMinutes: { section: "sessions", key: "idleMinutes", label: "Idle timeout", unit: "minutes", min: 5, max: 1440, help: "Sign out after this long without any activity.", testId: "policy-idle" },
  absoluteHours: { section: "sessions", key: "absoluteHours", label: "Longest session", unit: "hours", min: 1, max: 720, help: "Sign in again after this long, however active.", testId: "policy-absolute" },
} satisfies Record<string, NumberSpec & { section: Section }>;

const CLASSES = [
  { key: "requireLower", label: "a lower-case letter", testId: "policy-require-lower" },
  { key: "requireUpper", label: "an upper-case letter", testId: "policy-require-upper" },
  { key: "requireDigit", label: "a digit", testId: "policy-require-digit" },
  { key: "requireSymbol", label: "a symbol", testId: "policy-require-symbol" },
] as const;

const ROLES = Object.keys(ROLE_LABELS) as Role[];

const read = (p: SecurityPolicy, s: NumberSpec) => (p[s.section] as Record<string, number>)[s.key]!;
const write = (p: SecurityPolicy, s: NumberSpec, v: number): SecurityPolicy => ({ ...p, [s.section]: { ...p[s.section], [s.key]: v } });

/** What keeps the draft from being saved, per field test id; empty when it can be saved. */
export function policyProblems(p: SecurityPolicy): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of Object.values(NUM) as NumberSpec[]) {
    const v = read(p, s);
    if (!Number.isInteger(v) || v < s.min || v > s.max) out[s.testId] = `Enter a whole number from ${s.min} to ${s.max}.`;
  }
  if (!out[NUM.maxLength.testId] && !out[NUM.minLength.testId] && p.password.maxLength < p.password.minLength)
    out[NUM.maxLength.testId] = "Must be at least the minimum length.";
  if (p.mfa.required === "roles" && p.mfa.roles.length === 0) out["policy-mfa-role"] = "Choose at least one role.";
  return out;
}

/** Every field of the sign-in policy, grouped as people think of them, with a line of help each. */
export function PolicyForm({ value: p, onChange, readOnly, problems }: { value: SecurityPolicy; onChange: (p: SecurityPolicy) => void; readOnly: boolean; problems: Record<string, string> }) {
  const num = (s: NumberSpec) => (
    <NumberField spec={s} value={read(p, s)} readOnly={readOnly} problem={problems[s.testId]} onChange={(v) => onChange(write(p, s, v))} />
  );
  const pw = (patch: Partial<SecurityPolicy["password"]>) => onChange({ ...p, password: { ...p.password, ...patch } });
  const mfa = (patch: Partial<SecurityPolicy["mfa"]>) => onChange({ ...p, mfa: { ...p.mfa, ...patch } });

  return (
    <fieldset class="policy-form" disabled={readOnly}>
      <SettingsCard extraClass="policy-section" title="Passwords" intro="Length matters most. Character rules and forced expiry tend to make people choose predictable passwords (NIST SP 800-63B).">
        <div class="policy-grid">
          {num(NUM.minLength)}
          {num(NUM.maxLength)}
        </div>
        <fieldset class="field checks">
          <legend>Every password must contain</legend>
          {CLASSES.map((c) => (
            <label class="check" key={c.key}>
              <input type="checkbox" checked={p.password[c.key]} onChange={(e) => pw({ [c.key]: e.currentTarget.checked })} data-testid={c.testId} />
              {c.label}
            </label>
          ))}
        </fieldset>
        <label class="check block-check">
          <input type="checkbox" checked={p.password.blocklist} onChange={(e) => pw({ blocklist: e.currentTarget.checked })} data-testid="policy-blocklist" />
          <span>
            Refuse commonly used passwords <span class="hint">(about 50,000 known from breaches, plus sequences and the user's own name)</span>
          </span>
        </label>
        <div class="policy-grid">
          {num(NUM.history)}
          {num(NUM.expiryDays)}
        </div>
      </SettingsCard>

      <SettingsCard extraClass="policy-section" title="Lockout" intro="Stops password guessing against one account. Locked accounts show as Locked on the Users page.">
        <div class="policy-grid">
          {num(NUM.maxAttempts)}
          {num(NUM.lockMinutes)}
        </div>
      </SettingsCard>

      <SettingsCard extraClass="policy-section" title="Sessions" intro="How long a signed-in browser stays signed in.">
        <div class="policy-grid">
          {num(NUM.idleMinutes)}
          {num(NUM.absoluteHours)}
        </div>
      </SettingsCard>

      <SettingsCard extraClass="policy-section" title="Two-step sign-in" intro="A code from an authenticator app after the password. People who must use it and have not set it up are asked to at their next sign-in.">
        <fieldset class="field radios">
          <legend class="sr-only">Who must use two-step sign-in</legend>
          {(
            [
              ["off", "Optional: everyone may turn it on for themselves"],
              ["all", "Required for everyone"],
              ["roles", "Required for chosen roles"],
            ] as const
          ).map(([v, label]) => (
            <label class="check" key={v}>
              <input type="radio" name="mfa-required" value={v} checked={p.mfa.required === v} onChange={() => mfa({ required: v })} data-testid={`policy-mfa-${v}`} />
              {label}
            </label>
          ))}
        </fieldset>
        {p.mfa.required === "roles" && (
          <fieldset class="field checks indent">
            <legend>Roles that must use it</legend>
            {ROLES.map((r) => (
              <label class="check" key={r}>
                <input
                  type="checkbox"
                  value={r}
                  checked={p.mfa.roles.includes(r)}
                  onChange={(e) => mfa({ roles: e.currentTarget.checked ? [...p.mfa.roles, r] : p.mfa.roles.filter((x) => x !== r) })}
                  data-testid="policy-mfa-role"
                />
                {ROLE_LABELS[r]}
              </label>
            ))}
            {problems["policy-mfa-role"] && <small class="hint error-text span-row">{problems["policy-mfa-role"]}</small>}
          </fieldset>
        )}
      </SettingsCard>
    </fieldset>
  );
}

function NumberField({ spec, value, readOnly, problem, onChange }: { spec: NumberSpec; value: number; readOnly: boolean; problem: string | undefined; onChange: (v: number) => void }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{spec.label}</label>
      <div class="input-row">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={spec.min}
          max={spec.max}
          step={1}
          class="num-input"
          // An emptied box is NaN, which the problems list reports, rather than a silent 0.
          value={Number.isNaN(value) ? "" : value}
          readOnly={readOnly}
          aria-invalid={!!problem}
          aria-describedby={`${id}-help`}
          onInput={(e) => onChange(e.currentTarget.value === "" ? NaN : Number(e.currentTarget.value))}
          data-testid={spec.testId}
        />
        <span class="unit">{spec.unit}</span>
      </div>
      <small id={`${id}-help`} class={problem ? "hint error-text" : "hint"}>
        {problem ?? spec.help}
      </small>
    </div>
  );
}
