import type { AgentToggle, ChatSettings } from "../../core/chat-settings";
import type { Role } from "../../core/protocol";
import { ROLE_LABELS } from "../shared/user";

/*
 * The chat settings in words, in the order the page shows them. Types only come from core:
 * importing its values would pull zod into the admin bundle.
 */

export const TOGGLE_LABELS: Record<AgentToggle, string> = {
  emailTranscripts: "E-mail transcripts",
  agentChats: "Agent-to-agent chats",
  rejectQueued: "Reject queued chats",
  copyTranscripts: "Copy transcripts to the clipboard",
  pushPages: "Push web pages to visitors",
  uploadFiles: "Upload files",
  blockVisitors: "Block visitors",
  deleteTranscripts: "Delete transcripts",
};
export const TOGGLES = Object.keys(TOGGLE_LABELS) as AgentToggle[];
export const ROLES = Object.keys(ROLE_LABELS) as Role[];

type VisitorKey = keyof ChatSettings["visitor"];
type StorageFlag = Exclude<keyof ChatSettings["storage"], "pgpPublicKey">;

export const VISITOR_LABELS: Record<VisitorKey, string> = {
  copyTranscripts: "Visitors may copy the transcript to the clipboard",
  maskCards: "Mask card numbers during chat",
  maskSsn: "Mask Social Security numbers during chat",
  maskBirthDates: "Mask birth dates during chat",
  sendFiles: "Visitors may send files",
};

export const STORAGE_LABELS: Record<StorageFlag, string> = {
  disableArchival: "Disable archival: keep only who chatted, when and for how long",
  disableVisitorIdentity: "Don't store visitors' e-mail address and name",
  archiveMaskCards: "Mask card numbers when archiving",
  archiveMaskSsn: "Mask Social Security numbers when archiving",
  archiveMaskBirthDates: "Mask birth dates when archiving",
  pgpOffload: "Encrypt transcripts sent to offloading integrations with PGP",
};

const onOff = (v: boolean) => (v ? "on" : "off");
const list = (xs: string[]) => xs.join(", ");

/** One line per change, in words ("Push web pages to visitors: off for Agent"), for the save summary and the event log. */
export function describeChatChanges(before: ChatSettings, after: ChatSettings): string[] {
  const out: string[] = [];
  for (const t of TOGGLES) {
    const on = ROLES.filter((r) => !before.agent[r][t] && after.agent[r][t]).map((r) => ROLE_LABELS[r]);
    const off = ROLES.filter((r) => before.agent[r][t] && !after.agent[r][t]).map((r) => ROLE_LABELS[r]);
    const parts = [on.length ? `on for ${list(on)}` : "", off.length ? `off for ${list(off)}` : ""].filter(Boolean);
    if (parts.length) out.push(`${TOGGLE_LABELS[t]}: ${parts.join("; ")}`);
  }
  for (const k of Object.keys(VISITOR_LABELS) as VisitorKey[]) {
    if (before.visitor[k] !== after.visitor[k]) out.push(`${VISITOR_LABELS[k]}: ${onOff(before.visitor[k])} → ${onOff(after.visitor[k])}`);
  }
  for (const k of Object.keys(STORAGE_LABELS) as StorageFlag[]) {
    if (before.storage[k] !== after.storage[k]) out.push(`${STORAGE_LABELS[k]}: ${onOff(before.storage[k])} → ${onOff(after.storage[k])}`);
  }
  const [kb, ka] = [before.storage.pgpPublicKey, after.storage.pgpPublicKey];
  if (kb !== ka) out.push(ka === null ? "PGP public key removed" : kb === null ? "PGP public key added" : "PGP public key replaced");

  const rule = (r: ChatSettings["masking"]["custom"][number]) => `${r.pattern} → ${r.replacement}`;
  const was = new Map(before.masking.custom.map((r) => [r.name, r]));
  const now = new Map(after.masking.custom.map((r) => [r.name, r]));
  for (const [name, r] of now) {
    const old = was.get(name);
    if (!old) out.push(`Masking rule added: ${name} (${rule(r)})`);
    else if (rule(old) !== rule(r)) out.push(`Masking rule changed: ${name} (${rule(r)})`);
  }
  for (const name of was.keys()) if (!now.has(name)) out.push(`Masking rule removed: ${name}`);

  const added = after.pushDomains.filter((d) => !before.pushDomains.includes(d));
  const removed = before.pushDomains.filter((d) => !after.pushDomains.includes(d));
  if (added.length) out.push(`Push domains added: ${list(added)}`);
  if (removed.length) out.push(`Push domains removed: ${list(removed)}`);
  return out;
}

/** Whether event detail JSON looks like whole chat settings (event details are free-form). */
export function isChatSettings(v: unknown): v is ChatSettings {
  const s = v as Partial<ChatSettings> | null;
  return !!s && typeof s === "object" && !!s.agent && !!s.visitor && !!s.storage && !!s.masking && Array.isArray(s.pushDomains);
}
