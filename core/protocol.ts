/**
 * The one protocol module: every WebSocket frame and every REST body Parley accepts or sends,
 * as zod schemas. Actors, the Worker and the web apps share it (the web apps import types only,
 * so zod never reaches the widget bundle).
 */
import { z } from "zod";
import { LIMITS } from "./limits";

export { LIMITS };

export const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -");
const text = (max: number) => z.string().trim().min(1).max(max);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const Role = z.enum(["site_admin", "site_manager", "dept_manager", "agent"]);
export type Role = z.infer<typeof Role>;
export const AgentStatus = z.enum(["online", "away", "offline"]);
export type AgentStatus = z.infer<typeof AgentStatus>;
export const ChatStatus = z.enum(["queued", "active", "ended"]);
export type ChatStatus = z.infer<typeof ChatStatus>;
export const ParticipantKind = z.enum(["visitor", "agent", "system"]);
export type ParticipantKind = z.infer<typeof ParticipantKind>;

// ---------------------------------------------------------------- chat socket: client → server

export const ChatClientFrame = z.discriminatedUnion("type", [
  /** A chat message. `clientId` makes retries idempotent: the same id is stored once. */
  z.object({ type: z.literal("msg"), clientId: id, body: text(LIMITS.messageChars) }),
  /** Typing indicator; ephemeral, never stored. */
  z.object({ type: z.literal("typing"), on: z.boolean() }),
  /** Read receipt: "I have seen every message up to `seq`". */
  z.object({ type: z.literal("read"), seq }),
  /** End the chat. */
  z.object({ type: z.literal("end") }),
  /** Agents only: offer the visitor a web page (on the tenant's allowed domains) to open. */
  z.object({ type: z.literal("push"), clientId: id, url: z.string().trim().url().max(2000) }),
]);
export type ChatClientFrame = z.infer<typeof ChatClientFrame>;

/** Query of a chat socket upgrade: the last sequence number the client has seen. */
export const ChatSocketQuery = z.object({ since: z.coerce.number().int().min(0).default(0) });

// ---------------------------------------------------------------- chat socket: server → client

export interface Participant {
  kind: ParticipantKind;
  id: string;
  name: string;
}
export interface ChatMessage {
  id: string;
  seq: number;
  from: Participant;
  body: string;
  at: number;
  clientId?: string;
  /** A page an agent pushed: the widget offers to open it (the body repeats the URL). */
  link?: string;
  /** A file sent in the chat, scanned clean before it was stored (the body repeats its name). */
  file?: ChatFile;
}
export interface ChatFile {
  id: string;
  name: string;
  size: number;
}
export interface ChatSummary {
  id: string;
  status: ChatStatus;
  departmentId: string;
  queuedAt: number;
  acceptedAt: number | null;
  endedAt: number | null;
  agent: { id: string; name: string } | null;
  visitor: { name: string };
}

export type ErrorCode =
  | "bad_json"
  | "frame_too_large"
  | "binary_not_supported"
  | "unknown_type"
  | "invalid_frame"
  | "rate_limited"
  | "chat_not_active"
  | "chat_ended"
  | "disabled_by_policy"
  | "internal";

export type ChatServerFrame =
  | { type: "welcome"; you: Participant; chat: ChatSummary; lastSeq: number; reads: Record<"visitor" | "agent", number> }
  | { type: "msg"; message: ChatMessage }
  /** `body` is the text as stored (masked): the sender shows that, not what they typed. */
  | { type: "ack"; clientId: string; id: string; seq: number; at: number; body: string }
  | { type: "typing"; from: Participant; on: boolean }
  | { type: "read"; by: "visitor" | "agent"; seq: number }
  | { type: "status"; chat: ChatSummary }
  | { type: "ended"; by: ParticipantKind; at: number }
  | { type: "error"; code: ErrorCode; message: string };

// ---------------------------------------------------------------- transcripts (REST responses)

/** A row of `GET /api/console/transcripts`. */
export interface TranscriptSummary {
  id: string;
  departmentId: string;
  departmentName: string;
  visitorName: string;
  agentIds: string[];
  agentNames: string[];
  startedAt: number;
  endedAt: number;
  waitMs: number | null;
  rating: number | null;
  messageCount: number;
}

/** `GET /api/console/transcripts/:id`. */
export interface Transcript extends TranscriptSummary {
  visitorEmail: string | null;
  surveyComment: string | null;
  messages: ChatMessage[];
}

// ---------------------------------------------------------------- users (REST responses)

/** A row of `GET /api/admin/users`. */
export interface UserListing {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentIds: string[];
  disabled: boolean;
  locked: boolean;
  mfaEnabled: boolean;
  /** Invited (or reset) and no password chosen yet. */
  pendingPassword: boolean;
  createdAt: number;
}

// ---------------------------------------------------------------- lobby socket (agent ↔ tenant)

export const LobbyClientFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("status"), status: AgentStatus }),
]);
export type LobbyClientFrame = z.infer<typeof LobbyClientFrame>;

export interface QueuedChat {
  chatId: string;
  departmentId: string;
  queuedAt: number;
  visitorName: string;
  preview: string;
}
export interface AgentPresence {
  id: string;
  name: string;
  status: AgentStatus;
  departmentIds: string[];
  activeChats: number;
}
export interface AssignedChat {
  chatId: string;
  departmentId: string;
  visitorName: string;
  since: number;
}
/** A message between two colleagues in the console (setting: agent-to-agent chats). */
export interface ColleagueMessage {
  id: string;
  from: { id: string; name: string };
  to: string;
  body: string;
  at: number;
}
/** A row of `GET /api/console/colleagues`: someone I may chat with. */
export interface Colleague {
  id: string;
  name: string;
  role: Role;
}
export type LobbyServerFrame =
  | { type: "queue"; chats: QueuedChat[] }
  /** A colleague message to or from me (my other consoles get my own, too). */
  | { type: "colleague"; message: ColleagueMessage }
  | { type: "presence"; agents: AgentPresence[] }
  | { type: "assigned"; chats: AssignedChat[] }
  | { type: "error"; code: ErrorCode; message: string };

// ---------------------------------------------------------------- REST bodies and queries

export const LoginBody = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});
export const MfaCodeBody = z.object({ code: z.string().trim().min(6).max(32) });
export const PasswordChangeBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });
export const PasswordConfirmBody = z.object({ password: z.string().min(1).max(1024) });
/** One-time link tokens travel in bodies, never in URLs, so they stay out of access logs. */
const linkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "not a link token");
export const LinkPeekBody = z.object({ token: linkToken });
export const LinkCompleteBody = z.object({ token: linkToken, password: z.string().min(1).max(1024) });
export const StatusBody = z.object({ status: AgentStatus });
export const ColleagueMessageBody = z.object({ body: text(LIMITS.messageChars) });
/** "Try it": sample text, optionally against settings not saved yet. */
export const MaskPreviewBody = z.object({ text: z.string().max(16 * 1024) });
export const EmailTranscriptBody = z.object({ to: z.string().trim().toLowerCase().email().max(254) });
export const BlockVisitorBody = z.object({ reason: z.string().trim().max(200).optional() });
export const TransferBody = z
  .object({ agentId: id.optional(), departmentId: id.optional() })
  .refine((b) => (b.agentId === undefined) !== (b.departmentId === undefined), {
    message: "give exactly one of agentId or departmentId",
  });

/**
 * A file upload's name travels in the query (the body is the raw file). Names are shown to
 * people and put in a Content-Disposition header, so no path parts and no control characters.
 */
export const FileUploadQuery = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\\/\u0000-\u001f\u007f"]+$/, "a file name without slashes, quotes or control characters"),
});

const visitorName = z.string().trim().max(80).optional();
const visitorEmail = z.string().trim().toLowerCase().email().max(254).optional();
export const WidgetKeyQuery = z.object({ key: z.string().regex(/^pk_[A-Za-z0-9_-]{8,64}$/, "not a widget key") });
export const StartChatBody = z.object({
  key: WidgetKeyQuery.shape.key,
  departmentId: id,
  name: visitorName,
  email: visitorEmail,
  message: text(LIMITS.messageChars),
});
export const OfflineMessageBody = z.object({
  key: WidgetKeyQuery.shape.key,
  departmentId: id,
  name: text(80),
  email: z.string().trim().toLowerCase().email().max(254),
  message: text(LIMITS.offlineChars),
});
export const SurveyBody = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(LIMITS.surveyChars).optional(),
});

const epochMs = z.coerce.number().int().min(0);
export const TranscriptQuery = z.object({
  from: epochMs.optional(),
  to: epochMs.optional(),
  agentId: id.optional(),
  departmentId: id.optional(),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const DepartmentBody = z.object({ name: text(80) });
export const UserInviteBody = z.object({
  email: LoginBody.shape.email,
  name: text(80),
  role: Role,
  departmentIds: z.array(id).max(100).default([]),
});
export const UserQuery = z.object({ q: z.string().trim().max(100).optional() });
export const UserPatchBody = z
  .object({
    name: text(80).optional(),
    role: Role.optional(),
    departmentIds: z.array(id).max(100).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "nothing to change" });
export const WidgetSettingsBody = z.object({
  allowedOrigins: z
    // Strict host syntax: these values are joined into a CSP header, so nothing but an origin may pass.
    .array(z.string().max(200).regex(/^https?:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$/, "an origin: scheme://host[:port], no path"))
    .max(50),
});

/** Parse a raw WebSocket frame into a typed client frame, or a protocol error. */
export function parseFrame<T extends z.ZodType>(
  schema: T,
  raw: string | ArrayBuffer,
): { ok: true; frame: z.infer<T> } | { ok: false; code: ErrorCode; message: string } {
  if (typeof raw !== "string") return { ok: false, code: "binary_not_supported", message: "send JSON text frames" };
  if (raw.length > LIMITS.frameChars) return { ok: false, code: "frame_too_large", message: `frames are limited to ${LIMITS.frameChars} characters` };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, code: "bad_json", message: "frame is not valid JSON" };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const isUnknownType =
    typeof json === "object" && json !== null && parsed.error.issues.some((i) => i.code === "invalid_union" && i.path.join() === "type");
  if (isUnknownType) return { ok: false, code: "unknown_type", message: `unknown frame type ${JSON.stringify((json as { type?: unknown }).type)}` };
  return { ok: false, code: "invalid_frame", message: z.prettifyError(parsed.error) };
}

/** Operator API: create a tenant with departments and users in one idempotent call. */
export const ProvisionBody = z.object({
  name: text(120),
  publicKey: WidgetKeyQuery.shape.key,
  allowedOrigins: WidgetSettingsBody.shape.allowedOrigins,
  departments: z.array(text(80)).max(100),
  users: z
    .array(
      z.object({
        email: LoginBody.shape.email,
        name: text(80),
        role: Role,
        password: z.string().min(12).max(1024),
        departments: z.array(text(80)).max(100).default([]),
      }),
    )
    .max(1000),
});
