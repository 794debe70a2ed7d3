/**
 * Chat files: content in R2 sealed with the tenant's data key (bound to the file by AAD, so an
 * object copied to another key or tenant does not decrypt), a row in D1 naming the chat it
 * belongs to. Only scanned, clean files get here.
 */
import type { ChatFile, ParticipantKind } from "../../core/protocol";
import { openBytes, sealBytes } from "../../core/crypto";
import { newId } from "../../core/encoding";
import { openField, sealField, tenantKey, type StoredBlob } from "./keys";

type FileEnv = Pick<Env, "DB" | "MASTER_KEY" | "FILES">;

const objectKey = (tenantId: string, chatId: string, fileId: string) => `${tenantId}/${chatId}/${fileId}`;
const aad = { content: (id: string) => `chat_files:content:${id}`, name: (id: string) => `chat_files:name:${id}` };

export interface NewFile {
  tenantId: string;
  chatId: string;
  sender: { kind: Exclude<ParticipantKind, "system">; id: string };
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
  scannedAt: number;
}

export async function saveFile(env: FileEnv, f: NewFile): Promise<ChatFile> {
  const id = newId("f_");
  const key = await tenantKey(env, f.tenantId);
  const [sealed, nameEnc, digest] = await Promise.all([
    sealBytes(key, f.bytes, `${f.tenantId}:${aad.content(id)}`),
    sealField(env, f.tenantId, aad.name(id), f.name),
    crypto.subtle.digest("SHA-256", f.bytes),
  ]);
  await env.FILES.put(objectKey(f.tenantId, f.chatId, id), sealed);
  const sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  await env.DB.prepare(
    `INSERT INTO chat_files (id, tenant_id, chat_id, name_enc, size, sha256, sender_kind, sender_id, scanned_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(id, f.tenantId, f.chatId, nameEnc, f.bytes.length, sha256, f.sender.kind, f.sender.id, f.scannedAt, Date.now())
    .run();
  return { id, name: f.name, size: f.bytes.length };
}

/** A file of this tenant's chat, decrypted; null when there is no such file in that chat. */
export async function readFile(env: FileEnv, tenantId: string, chatId: string, fileId: string): Promise<{ name: string; bytes: ArrayBuffer } | null> {
  const row = await env.DB.prepare("SELECT name_enc FROM chat_files WHERE id = ? AND tenant_id = ? AND chat_id = ?")
    .bind(fileId, tenantId, chatId)
    .first<{ name_enc: StoredBlob }>();
  if (!row) return null;
  const object = await env.FILES.get(objectKey(tenantId, chatId, fileId));
  if (!object) return null;
  const key = await tenantKey(env, tenantId);
  const [name, bytes] = await Promise.all([
    openField(env, tenantId, aad.name(fileId), row.name_enc),
    openBytes(key, new Uint8Array(await object.arrayBuffer()), `${tenantId}:${aad.content(fileId)}`),
  ]);
  return { name: name ?? "file", bytes };
}

/** The chat a file belongs to (for authorising a download by transcript access). */
export async function fileChat(env: FileEnv, tenantId: string, fileId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT chat_id FROM chat_files WHERE id = ? AND tenant_id = ?").bind(fileId, tenantId).first<{ chat_id: string }>();
  return row?.chat_id ?? null;
}

/** Erases a chat's files: R2 objects first, then their rows (a retry finds what is left). */
export async function deleteChatFiles(env: FileEnv, tenantId: string, chatId: string): Promise<number> {
  const { results } = await env.DB.prepare("SELECT id FROM chat_files WHERE tenant_id = ? AND chat_id = ?").bind(tenantId, chatId).all<{ id: string }>();
  if (results.length === 0) return 0;
  await env.FILES.delete(results.map((r) => objectKey(tenantId, chatId, r.id)));
  await env.DB.prepare("DELETE FROM chat_files WHERE tenant_id = ? AND chat_id = ?").bind(tenantId, chatId).run();
  return results.length;
}

/** Removes one file that was stored but could not be posted to its chat (the chat ended meanwhile). */
export async function discardFile(env: FileEnv, tenantId: string, chatId: string, fileId: string): Promise<void> {
  await env.FILES.delete(objectKey(tenantId, chatId, fileId));
  await env.DB.prepare("DELETE FROM chat_files WHERE id = ? AND tenant_id = ?").bind(fileId, tenantId).run();
}
