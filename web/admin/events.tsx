import { useState } from "preact/hooks";
import { api } from "../shared/api";
import { useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { DataTable } from "../shared/table";
import { ROLE_LABELS } from "../shared/user";
import type { Role } from "../../core/protocol";
import { describeChatChanges, isChatSettings } from "./chat-settings-text";
import { describeChanges, isPolicy } from "./policy-diff";
import type { SecurityEvent } from "./types";

/** Event codes (worker/routes/*) in words; an unknown code shows as it is. */
const ACTIONS: Record<string, string> = {
  "sign_in.password_ok": "Password accepted",
  "sign_in.failed": "Sign-in failed: wrong password",
  "sign_in.mfa_failed": "Sign-in failed: wrong code",
  "password.changed": "Changed own password",
  "password.set_by_invite": "Chose a password (invitation)",
  "password.set_by_reset": "Chose a new password (reset link)",
  "mfa.enabled": "Turned on two-step sign-in",
  "mfa.disabled": "Turned off two-step sign-in",
  "sessions.revoked_all": "Signed out everywhere",
  "user.invited": "Invited a user",
  "user.changed": "Changed a user",
  "user.deleted": "Deleted a user",
  "user.unlocked": "Unlocked a user",
  "user.password_reset": "Reset a user's password",
  "user.mfa_reset": "Reset a user's two-step sign-in",
  "user.signed_out": "Signed a user out everywhere",
  "policy.changed": "Changed the sign-in policy",
  "policy.pci_profile_applied": "Applied the PCI DSS 4.0 profile",
  "settings.chat_changed": "Changed chat security",
  "visitor.blocked": "Blocked a visitor",
  "visitor.unblocked": "Lifted a visitor's block",
  "transcript.deleted": "Deleted a transcript",
  "transcript.emailed": "E-mailed a transcript",
};

// Seconds matter in a security log (a burst of failed sign-ins); the title gives the exact UTC time.
const STAMP = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

const PAGE = 100;
const MAX = 500;

export function EventsPage() {
  const [limit, setLimit] = useState(PAGE);
  const res = useResource((signal) => api<{ events: SecurityEvent[] }>(`/api/admin/security/events?limit=${limit}`, { signal }), [limit]);
  const events = res.data?.events ?? [];

  return (
    <>
      <div class="toolbar-form">
        <button type="button" class="btn" onClick={res.reload} disabled={res.loading} data-testid="events-refresh">
          {res.loading ? "Loading…" : "Refresh"}
        </button>
        <span class="count">Newest first{res.data && ` · ${events.length} shown`}</span>
      </div>
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload}>
        <DataTable
          caption="Security events"
          rows={events}
          rowKey={(e) => e.id}
          rowTestId="event-row"
          empty="No security events yet."
          columns={[
            { header: "Time", cell: (e) => <time dateTime={new Date(e.at).toISOString()} title={new Date(e.at).toISOString()}>{STAMP.format(e.at)}</time>, class: "nowrap" },
            { header: "Event", cell: (e) => <span data-testid="event-action">{ACTIONS[e.action] ?? e.action}</span>, class: "nowrap" },
            { header: "Who", cell: (e) => e.actorName ?? <span class="muted">(deleted user)</span>, class: "nowrap" },
            { header: "Target", cell: target, class: "nowrap" },
            { header: "Details", cell: (e) => <span class="small">{details(e)}</span> },
          ]}
        />
        {events.length >= limit && limit < MAX && (
          <div class="table-more">
            <button type="button" class="btn" onClick={() => setLimit(Math.min(MAX, limit + PAGE))} disabled={res.loading}>
              Show older events
            </button>
          </div>
        )}
      </LoadState>
    </>
  );
}

/** Whom the event is about; blank when people acted on their own account (sign-ins and the like). */
function target(e: SecurityEvent) {
  if (e.action.startsWith("policy.")) return <span class="muted">Sign-in policy</span>;
  if (e.action.startsWith("settings.")) return <span class="muted">Chat security</span>;
  // Chats, transcripts and blocks are not users: show their id rather than a user's name.
  if (/^(visitor|transcript)\./.test(e.action)) return e.targetId ? <code class="small">{e.targetId}</code> : <span class="muted">—</span>;
  if (!e.targetId || e.targetId === e.actorId) return <span class="muted">—</span>;
  return e.targetName ?? <span class="muted">(deleted user)</span>;
}

const NEXT_STEP: Record<string, string> = { mfa: "code still due", password_change: "password change due", mfa_enroll: "two-step set-up due" };

/** A short summary of the free-form detail JSON: what changed, from which address. */
function details(e: SecurityEvent): string {
  const d = e.detail ?? {};
  const parts: string[] = [];
  if (isPolicy(d.before) && isPolicy(d.after)) parts.push(describeChanges(d.before, d.after).join("; ") || "no change");
  if (isChatSettings(d.before) && isChatSettings(d.after)) parts.push(describeChatChanges(d.before, d.after).join("; ") || "no change");
  if (typeof d.to === "string") parts.push(`to ${d.to}`);
  const after = d.after as Record<string, unknown> | undefined;
  if (e.action === "user.changed" && after && !isPolicy(after)) {
    if (typeof after.role === "string") parts.push(`role → ${ROLE_LABELS[after.role as Role] ?? after.role}`);
    if (typeof after.name === "string") parts.push(`name → ${after.name}`);
    if (Array.isArray(after.departmentIds)) parts.push("departments changed");
    if (after.disabled === true) parts.push("disabled");
    if (after.disabled === false) parts.push("enabled");
  }
  if (typeof d.role === "string") parts.push(`as ${ROLE_LABELS[d.role as Role] ?? d.role}`);
  if (typeof d.stage === "string" && NEXT_STEP[d.stage]) parts.push(NEXT_STEP[d.stage]!);
  if (typeof d.ip === "string") parts.push(`from ${d.ip}`);
  return parts.join(" · ");
}
