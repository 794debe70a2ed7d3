import { useId, useState } from "preact/hooks";
import type { CustomRule } from "../../core/masking";
import { errorMessage, sentence } from "../shared/api";
import { RULE_LIMITS, ruleProblem, type Issue, type RuleField } from "./chat-settings-checks";

const EMPTY: CustomRule = { name: "", pattern: "", replacement: "" };
const FIELD_LABELS: Record<string, string> = { name: "Name", pattern: "Pattern", replacement: "Replacement" };

/**
 * The tenant's own masking patterns: a list with Remove, and a row to add one. A new rule is
 * checked by the server before it joins the list (`check`), since only the server decides
 * whether a pattern is safe to run; `issues` are the server's words about rules already listed.
 */
export function MaskingRules(props: {
  rules: CustomRule[];
  onChange: (rules: CustomRule[]) => void;
  /** Server validation of a whole rule list: its issues, paths relative to the list ("2.pattern"). */
  check: (rules: CustomRule[]) => Promise<Issue[]>;
  issues: Issue[];
  readOnly: boolean;
}) {
  const { rules } = props;
  const [draft, setDraft] = useState(EMPTY);
  const [problem, setProblem] = useState<{ field: RuleField | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const full = rules.length >= RULE_LIMITS.rules;
  const edit = (r: CustomRule) => {
    setDraft(r);
    setProblem(null);
  };

  async function add() {
    const rule = { ...draft, name: draft.name.trim() };
    const local = ruleProblem(rule, rules);
    if (local) return setProblem(local);
    setBusy(true);
    setProblem(null);
    try {
      const prefix = `${rules.length}.`;
      const mine = (await props.check([...rules, rule])).find((i) => i.path.startsWith(prefix));
      if (mine) {
        const field = mine.path.slice(prefix.length) as RuleField;
        setProblem({ field: ["name", "pattern", "replacement"].includes(field) ? field : null, message: sentence(mine.message) });
      } else {
        props.onChange([...rules, rule]);
        setDraft(EMPTY);
      }
    } catch (e) {
      setProblem({ field: null, message: sentence(errorMessage(e)) });
    }
    setBusy(false);
  }

  const rowIssues = (i: number) => props.issues.filter((x) => x.path === String(i) || x.path.startsWith(`${i}.`));
  return (
    <section class="card" aria-labelledby="rules-title">
      <h2 id="rules-title" class="card-title">
        Custom masking rules
      </h2>
      <p class="small muted">
        Your own patterns, masked during chat and when archiving, after the built-in ones. Patterns are case-sensitive JavaScript regular expressions
        without backreferences, lookaround or nested repeats such as <code>(a+)+</code>, so masking stays fast on any text.
      </p>
      {rules.length > 0 && (
        <ul class="rule-list" aria-label="Custom masking rules">
          {rules.map((r, i) => (
            <li key={r.name} class="rule" data-testid="rule-row">
              <span class="rule-name">{r.name}</span>
              <code class="rule-pattern">{r.pattern}</code>
              <span aria-hidden="true">→</span>
              <span class="sr-only">is replaced by</span>
              <code>{r.replacement}</code>
              {!props.readOnly && (
                <button type="button" class="btn small subtle" aria-label={`Remove rule ${r.name}`} onClick={() => props.onChange(rules.filter((_, j) => j !== i))} data-testid="rule-remove">
                  Remove
                </button>
              )}
              {rowIssues(i).map((x) => (
                <small key={x.path} class="hint error-text rule-issue" role="alert">
                  {FIELD_LABELS[x.path.split(".")[1] ?? ""] ?? "Rule"}: {sentence(x.message)}
                </small>
              ))}
            </li>
          ))}
        </ul>
      )}
      {rules.length === 0 && <p class="small">No custom rules.</p>}
      {!props.readOnly && (
        <div class="rule-add" role="group" aria-label="New masking rule">
          <RuleInput label="Name" field="name" placeholder="Order IDs" max={RULE_LIMITS.nameChars} {...{ draft, setDraft: edit, problem, add }} />
          <RuleInput label="Pattern" field="pattern" placeholder="ORD-\d{6}" max={RULE_LIMITS.patternChars} mono {...{ draft, setDraft: edit, problem, add }} />
          <RuleInput label="Replacement" field="replacement" placeholder="[order]" max={RULE_LIMITS.replacementChars} mono {...{ draft, setDraft: edit, problem, add }} />
          <button type="button" class="btn" disabled={busy || full} onClick={() => void add()} data-testid="rule-add">
            {busy ? "Checking…" : "Add rule"}
          </button>
          {problem && problem.field === null && (
            <p class="form-error span-row" role="alert">
              {problem.message}
            </p>
          )}
          {full && <small class="hint span-row">At most {RULE_LIMITS.rules} rules.</small>}
        </div>
      )}
    </section>
  );
}

function RuleInput(props: {
  label: string;
  field: RuleField;
  placeholder: string;
  max: number;
  mono?: boolean;
  draft: CustomRule;
  setDraft: (r: CustomRule) => void;
  problem: { field: RuleField | null; message: string } | null;
  add: () => Promise<void>;
}) {
  const id = useId();
  const mine = props.problem?.field === props.field ? props.problem.message : null;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        class={props.mono ? "mono" : undefined}
        value={props.draft[props.field]}
        placeholder={props.placeholder}
        maxLength={props.max}
        spellcheck={false}
        autoComplete="off"
        aria-invalid={mine !== null}
        aria-describedby={mine ? `${id}-error` : undefined}
        onInput={(e) => props.setDraft({ ...props.draft, [props.field]: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void props.add();
          }
        }}
        data-testid={`rule-${props.field}`}
      />
      {mine && (
        <small id={`${id}-error`} class="hint error-text" role="alert" data-testid={`rule-${props.field}-error`}>
          {mine}
        </small>
      )}
    </div>
  );
}
