/**
 * The tenant's chat, privacy and storage controls. Every toggle here is enforced by the Worker
 * or an actor; the console and widget only reflect them (a disabled action is not offered).
 */
import { z } from "zod";
import { CustomRuleSchema, maskText, type MaskRules } from "./masking";
import { Role } from "./protocol";

export { pushAllowed } from "./push";

/** What an agent may do, set per role. */
export const AGENT_TOGGLES = [
  "emailTranscripts",
  "agentChats",
  "rejectQueued",
  "copyTranscripts",
  "pushPages",
  "uploadFiles",
  "blockVisitors",
  "deleteTranscripts",
] as const;
export type AgentToggle = (typeof AGENT_TOGGLES)[number];

const AgentToggles = z.object(Object.fromEntries(AGENT_TOGGLES.map((k) => [k, z.boolean()])) as Record<AgentToggle, z.ZodBoolean>);
export type AgentToggles = z.infer<typeof AgentToggles>;

/** A host name the agents may push pages from (`example.com` also allows its subdomains). */
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, "a host name such as example.com");

export const ChatSettings = z.object({
  agent: z.object(Object.fromEntries(Role.options.map((r) => [r, AgentToggles])) as Record<Role, typeof AgentToggles>),
  visitor: z.object({
    copyTranscripts: z.boolean(),
    maskCards: z.boolean(),
    maskSsn: z.boolean(),
    maskBirthDates: z.boolean(),
    /** Visitors may send files to the agent (scanned like every file). */
    sendFiles: z.boolean(),
  }),
  storage: z.object({
    /** Keep only a metadata record of each chat (start/end, agent, wait): no transcript, visitor data or survey text. */
    disableArchival: z.boolean(),
    /** Never store the visitor's name and e-mail with transcripts. */
    disableVisitorIdentity: z.boolean(),
    archiveMaskCards: z.boolean(),
    archiveMaskSsn: z.boolean(),
    archiveMaskBirthDates: z.boolean(),
    /** Encrypt transcripts sent to offloading integrations with this PGP public key. */
    pgpOffload: z.boolean(),
    pgpPublicKey: z
      .string()
      .max(20_000)
      .regex(/^-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]+-----END PGP PUBLIC KEY BLOCK-----\s*$/, "an ASCII-armoured PGP public key")
      .nullable(),
  }),
  masking: z.object({
    custom: z
      .array(CustomRuleSchema)
      .max(20)
      .refine((rules) => new Set(rules.map((r) => r.name.trim())).size === rules.length, "custom rule names must be unique"),
  }),
  pushDomains: z.array(Domain).max(50),
});
export type ChatSettings = z.infer<typeof ChatSettings>;

const allow = (deleteTranscripts: boolean): AgentToggles => ({
  emailTranscripts: true,
  agentChats: true,
  rejectQueued: true,
  copyTranscripts: true,
  pushPages: true,
  uploadFiles: true,
  blockVisitors: true,
  deleteTranscripts,
});

/** Defaults: agents may do everyday things but not delete records; card and SSN masking on. */
export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  agent: { site_admin: allow(true), site_manager: allow(true), dept_manager: allow(false), agent: allow(false) },
  visitor: { copyTranscripts: true, maskCards: true, maskSsn: true, maskBirthDates: false, sendFiles: false },
  storage: {
    disableArchival: false,
    disableVisitorIdentity: false,
    archiveMaskCards: true,
    archiveMaskSsn: true,
    archiveMaskBirthDates: true,
    pgpOffload: false,
    pgpPublicKey: null,
  },
  masking: { custom: [] },
  pushDomains: [],
};


/** What the chat masks before anything is stored or fanned out ("mask … during chat"). */
export function chatMaskRules(s: ChatSettings): MaskRules {
  return { cards: s.visitor.maskCards, ssn: s.visitor.maskSsn, birthDates: s.visitor.maskBirthDates, custom: s.masking.custom };
}

/** What archiving masks before a transcript reaches D1, R2, offloading or e-mail ("mask … when archiving"). */
export function archiveMaskRules(s: ChatSettings): MaskRules {
  return { cards: s.storage.archiveMaskCards, ssn: s.storage.archiveMaskSsn, birthDates: s.storage.archiveMaskBirthDates, custom: s.masking.custom };
}

export const masksAnything = (r: MaskRules) => r.cards || r.ssn || r.birthDates || r.custom.length > 0;

/** `text` masked by `rules` (unchanged, and no work done, when the rules mask nothing). */
export const masked = (text: string, rules: MaskRules): string => (masksAnything(rules) ? maskText(text, rules).text : text);
