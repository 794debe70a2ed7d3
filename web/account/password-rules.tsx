import type { SecurityPolicy } from "../../core/password-policy";

export type PasswordRulesPolicy = SecurityPolicy["password"];

interface Rule {
  text: string;
  /** Checked as the user types where the browser can tell; the server checks everything. */
  met?: (pw: string) => boolean;
}

const length = (pw: string) => [...pw.normalize("NFKC")].length;

/** The organisation's password rules in words, in the order people think about them. */
export function rulesFor(p: PasswordRulesPolicy, purpose: "invite" | "reset"): Rule[] {
  const rules: Rule[] = [
    { text: `${p.minLength} to ${p.maxLength} characters`, met: (pw) => length(pw) >= p.minLength && length(pw) <= p.maxLength },
  ];
  if (p.requireLower) rules.push({ text: "a lower-case letter", met: (pw) => /\p{Ll}/u.test(pw) });
  if (p.requireUpper) rules.push({ text: "an upper-case letter", met: (pw) => /\p{Lu}/u.test(pw) });
  if (p.requireDigit) rules.push({ text: "a digit", met: (pw) => /\p{Nd}/u.test(pw) });
  if (p.requireSymbol) rules.push({ text: "a symbol or space", met: (pw) => /[^\p{L}\p{N}]/u.test(pw) });
  if (p.blocklist) rules.push({ text: "not a commonly used password" });
  rules.push({ text: "not a simple sequence or repetition, and not your name, e-mail or organisation" });
  if (purpose === "reset" && p.history > 0) rules.push({ text: `different from your last ${p.history} passwords` });
  return rules;
}

/** The rules as a checklist that fills in while the user types. */
export function PasswordRules({ policy, purpose, password }: { policy: PasswordRulesPolicy; purpose: "invite" | "reset"; password: string }) {
  return (
    <div class="rules" data-testid="password-rules">
      <p class="rules-title">Your password needs:</p>
      <ul>
        {rulesFor(policy, purpose).map((r) => {
          const met = r.met && password ? r.met(password) : undefined;
          return (
            <li key={r.text} class={met === undefined ? "" : met ? "met" : "unmet"}>
              {r.text}
              {met !== undefined && <span class="sr-only">{met ? " (done)" : " (not yet)"}</span>}
            </li>
          );
        })}
      </ul>
      {policy.expiryDays > 0 && <p class="small muted">You will be asked to choose a new password every {policy.expiryDays} days.</p>}
    </div>
  );
}
