import type { ChatSettings } from "../../core/chat-settings";
import { STORAGE_LABELS, VISITOR_LABELS } from "./chat-settings-text";
import { PgpKeyField } from "./pgp-key-field";
import { SettingsCard } from "./settings-card";

type Visitor = ChatSettings["visitor"];
type Storage = ChatSettings["storage"];

function Check(props: { checked: boolean; label: string; hint?: string; testId: string; onChange: (on: boolean) => void }) {
  return (
    <label class="check block-check">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} data-testid={props.testId} />
      <span>
        {props.label}
        {props.hint && <small class="hint block-hint">{props.hint}</small>}
      </span>
    </label>
  );
}

export function VisitorCard({ value, onChange }: { value: Visitor; onChange: (v: Visitor) => void }) {
  const check = (k: keyof Visitor, hint?: string) => (
    <Check checked={value[k]} label={VISITOR_LABELS[k]} hint={hint} testId={`visitor-${k}`} onChange={(on) => onChange({ ...value, [k]: on })} />
  );
  return (
    <SettingsCard title="Visitor settings" intro="What the chat widget allows, and what is masked as soon as a message is sent: before it is stored or reaches an agent.">
      {check("copyTranscripts", "When off, the conversation in the widget cannot be selected or copied.")}
      {check("sendFiles", "Up to 10 MB each. Every file, from visitors and agents alike, is virus-scanned before it is stored; programs and scripts are refused.")}
      {check("maskCards", "Shown as [card ····1111], keeping the last four digits.")}
      {check("maskSsn", "Shown as [SSN].")}
      {check("maskBirthDates", "Past dates such as 03/04/1985, shown as [date of birth]. Other past dates, like order dates, are masked too.")}
    </SettingsCard>
  );
}

export function StorageCard({ value, pgpProblem, onChange }: { value: Storage; pgpProblem: string | null; onChange: (v: Storage) => void }) {
  const check = (k: Exclude<keyof Storage, "pgpPublicKey">, hint?: string) => (
    <Check checked={value[k]} label={STORAGE_LABELS[k]} hint={hint} testId={`storage-${k}`} onChange={(on) => onChange({ ...value, [k]: on })} />
  );
  const off = value.disableArchival ? "Archival is off: no transcript is kept to mask." : undefined;
  return (
    <SettingsCard title="Storage settings" intro="What is kept once a chat ends: in History, in e-mailed transcripts and in what offloading integrations receive.">
      {check("disableArchival", "No messages, files, visitor details or survey comments are stored.")}
      {check("disableVisitorIdentity")}
      {check("archiveMaskCards", off)}
      {check("archiveMaskSsn", off)}
      {check("archiveMaskBirthDates", off)}
      {check("pgpOffload")}
      <PgpKeyField value={value.pgpPublicKey} problem={pgpProblem} onChange={(pgpPublicKey) => onChange({ ...value, pgpPublicKey })} />
    </SettingsCard>
  );
}
