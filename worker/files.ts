/**
 * Sending and fetching chat files, shared by the console and widget routes. A file is checked
 * in this order, each step refusing with its own code and storing nothing: name and size, the
 * sender's right to post in the chat, the virus scan. Only then is it sealed into R2, recorded
 * in D1 and posted to the chat.
 */
import type { Context } from "hono";
import { chatMaskRules, masked } from "../core/chat-settings";
import { attachmentHeader, isRunnable } from "../core/files";
import { FileUploadQuery, LIMITS, type ChatMessage } from "../core/protocol";
import { chatActor } from "./actors";
import type { AppEnv } from "./auth";
import { logEvent } from "./db/events";
import { discardFile, readFile, saveFile } from "./db/files";
import { chatSettings } from "./db/settings";
import { ApiError, conflict, notFound, parse } from "./errors";
import { scanFile } from "./scanner";

export interface Sender {
  tenantId: string;
  chatId: string;
  kind: "visitor" | "agent";
  id: string;
  name: string;
}

const tooLarge = () => new ApiError(413, "file_too_large", `files are limited to ${LIMITS.fileBytes / 1024 / 1024} MB`);
const notPostable = () => conflict("chat_not_active", "you cannot send to this chat: it has ended or is not yours");

export async function receiveFile(c: Context<AppEnv>, s: Sender): Promise<Response> {
  const { name } = parse(FileUploadQuery, c.req.query());
  if (isRunnable(name)) throw new ApiError(415, "file_type_refused", "programs and scripts cannot be sent in a chat");
  const declared = Number(c.req.header("content-length") ?? NaN);
  if (!Number.isFinite(declared)) throw new ApiError(411, "length_required", "send the file with a Content-Length header");
  if (declared > LIMITS.fileBytes) throw tooLarge();
  const chat = chatActor(c.env, s.tenantId, s.chatId);
  if (!(await chat.mayPost({ kind: s.kind, id: s.id }))) throw notPostable();

  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new ApiError(400, "empty_file", "the file is empty");
  // Content-Length is checked above; the body itself is what counts.
  if (bytes.length > LIMITS.fileBytes) throw tooLarge();

  const verdict = await scanFile(c.env, bytes);
  if (verdict.status === "infected") {
    // Recorded for the tenant's security review; the file itself is dropped here and now.
    await logEvent(c.env.DB, {
      tenantId: s.tenantId,
      actorId: s.kind === "agent" ? s.id : null,
      action: "file.infected",
      targetId: s.chatId,
      detail: { signature: verdict.signature, sender: s.kind, size: bytes.length },
    });
    throw new ApiError(422, "file_infected", `the virus scanner found ${verdict.signature} in this file; it was not sent`);
  }
  if (verdict.status === "error") {
    console.error("file scan failed", verdict.reason);
    throw new ApiError(503, "scanner_unavailable", "files cannot be checked for viruses right now, so none are accepted; try again later");
  }

  // The name is shown to everyone in the chat: it gets the same masking as a message.
  const shownName = masked(name, chatMaskRules(await chatSettings(c.env.DB, s.tenantId)));
  const file = await saveFile(c.env, {
    tenantId: s.tenantId,
    chatId: s.chatId,
    sender: { kind: s.kind, id: s.id },
    name: shownName,
    bytes,
    scannedAt: Date.now(),
  });
  const message: ChatMessage | null = await chat.postFile({ kind: s.kind, id: s.id, name: s.name }, file);
  if (!message) {
    await discardFile(c.env, s.tenantId, s.chatId, file.id);
    throw notPostable();
  }
  return c.json({ message }, 201);
}

/**
 * The file as a download. Never rendered by the browser on Parley's origin: an attachment, of
 * an opaque type, sandboxed, not sniffed, not cached.
 */
export async function sendFile(c: Context<AppEnv>, tenantId: string, chatId: string, fileId: string): Promise<Response> {
  const file = await readFile(c.env, tenantId, chatId, fileId);
  if (!file) throw notFound("file");
  return new Response(file.bytes, {
    headers: {
      "content-type": "application/octet-stream",
      "content-disposition": attachmentHeader(file.name),
      "content-security-policy": "sandbox; default-src 'none'",
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
}
