import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { instreamFrames, parseReply } from "../core/clamd";
import { attachmentHeader, isRunnable } from "../core/files";
import type { ChatMessage, ChatServerFrame } from "../core/protocol";
import { scanFile } from "../worker/scanner";
import { api, isType, liveChat as liveChatWith, login, makeTenant, ORIGIN, setChatSettings as setSettings, startChat, trackSockets, type TestTenant } from "./helpers";

const track = trackSockets();

/** The industry's anti-virus test file, assembled here so the repository holds no copy of it. */
const EICAR = ["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"].join("");
const bytes = (s: string) => new TextEncoder().encode(s);
const text = async (res: Response) => new TextDecoder().decode(await res.arrayBuffer());


const liveChat = (t: TestTenant) => liveChatWith(t, track);

function upload(path: string, name: string, body: Uint8Array<ArrayBuffer>, auth: { cookie?: string; token?: string }): Promise<Response> {
  const headers: Record<string, string> = { origin: ORIGIN, "content-type": "application/octet-stream" };
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  return SELF.fetch(`${ORIGIN}${path}?name=${encodeURIComponent(name)}`, { method: "POST", headers, body });
}
const agentUpload = (chatId: string, cookie: string, name: string, body: Uint8Array<ArrayBuffer>) => upload(`/api/console/chats/${chatId}/files`, name, body, { cookie });
const visitorUpload = (chatId: string, token: string, name: string, body: Uint8Array<ArrayBuffer>) => upload(`/api/widget/chats/${chatId}/files`, name, body, { token });

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const fileMsg = (f: ChatServerFrame): f is Extract<ChatServerFrame, { type: "msg" }> => f.type === "msg" && f.message.file !== undefined;
const objectsOf = async (t: TestTenant, chatId: string) => (await env.FILES.list({ prefix: `${t.tenantId}/${chatId}/` })).objects;

describe("sending files", () => {
  it("an agent's file is scanned, stored sealed, delivered to the visitor and downloadable by them", async () => {
    const t = await makeTenant();
    const { alice, chat, visitor } = await liveChat(t);
    const content = bytes("Order 5521 return label\n".repeat(50));
    const res = await agentUpload(chat.chatId, alice, "return label.pdf", content);
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: ChatMessage };
    expect(message.file).toEqual({ id: message.file!.id, name: "return label.pdf", size: content.length });

    const got = await visitor.next(fileMsg);
    expect(got.message.file!.id).toBe(message.file!.id);

    const dl = await SELF.fetch(`${ORIGIN}/api/widget/chats/${chat.chatId}/files/${message.file!.id}`, { headers: { authorization: `Bearer ${chat.token}` } });
    expect(dl.status).toBe(200);
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(content);
    expect(dl.headers.get("content-type")).toBe("application/octet-stream");
    expect(dl.headers.get("content-disposition")).toBe(attachmentHeader("return label.pdf"));
    expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
    expect(dl.headers.get("content-security-policy")).toContain("sandbox");

    // At rest the object is ciphertext: the content is nowhere in it.
    const [object] = await objectsOf(t, chat.chatId);
    const stored = new TextDecoder().decode(await (await env.FILES.get(object!.key))!.arrayBuffer());
    expect(stored).not.toContain("return label");
  });

  it("a file with a virus is refused, stored nowhere, never reaches the chat, and is recorded", async () => {
    const t = await makeTenant();
    const { alice, chat, visitor } = await liveChat(t);
    const res = await agentUpload(chat.chatId, alice, "invoice.txt", bytes(EICAR));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("file_infected");
    expect(body.error.message).toContain("Parley.Test.EICAR");
    expect(await objectsOf(t, chat.chatId)).toHaveLength(0);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM chat_files WHERE chat_id = ?").bind(chat.chatId).first<{ n: number }>();
    expect(rows!.n).toBe(0);
    // A clean message sent afterwards arrives, and nothing file-like came before it.
    visitor.send({ type: "msg", clientId: "after", body: "did you send something?" });
    await visitor.next(isType("ack"));
    expect(visitor.frames.some(fileMsg)).toBe(false);
    const events = await env.DB.prepare("SELECT action, target_id, detail FROM security_events WHERE tenant_id = ? AND action = 'file.infected'")
      .bind(t.tenantId)
      .all<{ target_id: string; detail: string }>();
    expect(events.results).toHaveLength(1);
    expect(events.results[0]!.target_id).toBe(chat.chatId);
    expect(JSON.parse(events.results[0]!.detail).signature).toBe("Parley.Test.EICAR.UNOFFICIAL");
  });

  it("a virus inside a zip archive is found too (the scanner opens archives)", async () => {
    const t = await makeTenant();
    const { alice, chat } = await liveChat(t);
    const res = await agentUpload(chat.chatId, alice, "photos.zip", storedZip("readme.txt", bytes(EICAR)));
    expect(res.status).toBe(422);
    expect(await errorCode(res)).toBe("file_infected");
  });

  it("refuses programs, empty and oversized files, and bad names, storing nothing", async () => {
    const t = await makeTenant();
    const { alice, chat } = await liveChat(t);
    const refused = [
      [await agentUpload(chat.chatId, alice, "setup.exe", bytes("MZ harmless")), 415, "file_type_refused"],
      [await agentUpload(chat.chatId, alice, "Report.PDF.js", bytes("alert(1)")), 415, "file_type_refused"],
      [await agentUpload(chat.chatId, alice, "empty.txt", new Uint8Array(0)), 400, "empty_file"],
      [await agentUpload(chat.chatId, alice, "../../etc/passwd", bytes("x")), 400, "invalid_request"],
      [await agentUpload(chat.chatId, alice, "big.bin", new Uint8Array(10 * 1024 * 1024 + 1)), 413, "file_too_large"],
    ] as const;
    for (const [res, status, code] of refused) {
      expect(res.status).toBe(status);
      expect(await errorCode(res)).toBe(code);
    }
    expect(await objectsOf(t, chat.chatId)).toHaveLength(0);
  });

  it("only the agent holding the chat may send to it, and only its own visitor", async () => {
    const t = await makeTenant();
    const { chat } = await liveChat(t);
    const bob = await login(t.emails.bob);
    const notHis = await agentUpload(chat.chatId, bob, "note.txt", bytes("hi"));
    expect(notHis.status).toBe(409);
    expect(await errorCode(notHis)).toBe("chat_not_active");
    await setSettings(t, (s) => {
      s.visitor.sendFiles = true;
    });
    const other = await startChat(t);
    const wrongChat = await visitorUpload(chat.chatId, other.token, "note.txt", bytes("hi"));
    expect(wrongChat.status).toBe(403);
    expect(await errorCode(wrongChat)).toBe("wrong_chat");
  });

  it("visitors may send files only when the tenant allows it (refused by the server otherwise)", async () => {
    const t = await makeTenant();
    const { alice, chat, agent } = await liveChat(t);
    const off = await visitorUpload(chat.chatId, chat.token, "photo.jpg", bytes("jpeg bytes"));
    expect(off.status).toBe(403);
    expect(await errorCode(off)).toBe("disabled_by_policy");
    await setSettings(t, (s) => {
      s.visitor.sendFiles = true;
    });
    const on = await visitorUpload(chat.chatId, chat.token, "photo.jpg", bytes("jpeg bytes"));
    expect(on.status).toBe(201);
    const got = await agent.next(fileMsg);
    expect(got.message.from.kind).toBe("visitor");
    const dl = await api(`/api/console/chats/${chat.chatId}/files/${got.message.file!.id}`, { cookie: alice });
    expect(await text(dl)).toBe("jpeg bytes");
  });

  it("the upload toggle is enforced per role by the server", async () => {
    const t = await makeTenant();
    await setSettings(t, (s) => {
      s.agent.agent.uploadFiles = false;
    });
    const { alice, chat } = await liveChat(t);
    const res = await agentUpload(chat.chatId, alice, "note.txt", bytes("hi"));
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("disabled_by_policy");
    const state = (await (await api("/api/console/state", { cookie: alice })).json()) as { permissions: { uploadFiles: boolean } };
    expect(state.permissions.uploadFiles).toBe(false);
  });
});

describe("files after the chat", () => {
  it("stay with the transcript for those who may read it, and go when it is deleted", async () => {
    const t = await makeTenant();
    const { alice, chat } = await liveChat(t);
    const { message } = (await (await agentUpload(chat.chatId, alice, "label.pdf", bytes("label"))).json()) as { message: ChatMessage };
    await api(`/api/console/chats/${chat.chatId}/end`, { method: "POST", cookie: alice });
    const admin = await login(t.emails.admin);
    const transcript = (await (await api(`/api/console/transcripts/${chat.chatId}`, { cookie: admin })).json()) as { transcript: { messages: ChatMessage[] } };
    expect(transcript.transcript.messages.find((m) => m.file)?.file?.id).toBe(message.file!.id);
    const path = `/api/console/chats/${chat.chatId}/files/${message.file!.id}`;
    expect(await text(await api(path, { cookie: admin }))).toBe("label");
    expect(await text(await api(path, { cookie: alice }))).toBe("label");
    // Bob never took part, and agents read only their own chats.
    expect((await api(path, { cookie: await login(t.emails.bob) })).status).toBe(404);
    // Another tenant's administrator cannot reach it by any id.
    const other = await makeTenant();
    expect((await api(path, { cookie: await login(other.emails.admin) })).status).toBe(404);

    expect((await api(`/api/console/transcripts/${chat.chatId}`, { method: "DELETE", cookie: admin })).status).toBe(204);
    expect(await objectsOf(t, chat.chatId)).toHaveLength(0);
    expect((await api(path, { cookie: admin })).status).toBe(404);
  });

  it("with archival disabled, a chat's files are erased when it ends", async () => {
    const t = await makeTenant();
    await setSettings(t, (s) => {
      s.storage.disableArchival = true;
    });
    const { alice, chat } = await liveChat(t);
    expect((await agentUpload(chat.chatId, alice, "label.pdf", bytes("label"))).status).toBe(201);
    expect(await objectsOf(t, chat.chatId)).toHaveLength(1);
    await api(`/api/console/chats/${chat.chatId}/end`, { method: "POST", cookie: alice });
    expect(await objectsOf(t, chat.chatId)).toHaveLength(0);
  });
});

describe("the scanner", () => {
  it("fails closed: no scanner configured or none reachable is an error, never clean", async () => {
    expect((await scanFile({ CLAMD_ADDRESS: "" }, bytes("hello"))).status).toBe("error");
    expect((await scanFile({ CLAMD_ADDRESS: "127.0.0.1:1" }, bytes("hello"))).status).toBe("error");
    expect(await scanFile(env, bytes("hello"))).toEqual({ status: "clean" });
  });

  it("speaks clamd's INSTREAM framing and reads only clear verdicts", () => {
    const frames = instreamFrames(bytes("abcdefghij"), 4);
    expect(new TextDecoder().decode(frames[0])).toBe("zINSTREAM\0");
    expect(frames.slice(1).map((f) => new DataView(f.buffer, f.byteOffset).getUint32(0))).toEqual([4, 4, 2, 0]);
    expect(parseReply("stream: OK\0")).toEqual({ status: "clean" });
    expect(parseReply("stream: Win.Test.EICAR_HDB-1 FOUND\0")).toEqual({ status: "infected", signature: "Win.Test.EICAR_HDB-1" });
    expect(parseReply("INSTREAM size limit exceeded. ERROR\0").status).toBe("error");
    expect(parseReply("").status).toBe("error");
    expect(parseReply("stream: OKAY\0").status).toBe("error");
  });

  it("refuses runnable file kinds by their last extension", () => {
    expect(["a.exe", "b.PS1", "c.pdf.scr", "d.jar"].every(isRunnable)).toBe(true);
    expect(["a.pdf", "b.png", "exe", ".exe", "notes.txt"].some(isRunnable)).toBe(false);
  });
});

/** A one-file zip archive with the file stored uncompressed (enough for the scanner to open). */
function storedZip(name: string, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const crc = crc32(data);
  const n = bytes(name);
  const local = new Uint8Array(30 + n.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 10, true);
  lv.setUint32(14, crc, true);
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, data.length, true);
  lv.setUint16(26, n.length, true);
  local.set(n, 30);
  const central = new Uint8Array(46 + n.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 10, true);
  cv.setUint32(16, crc, true);
  cv.setUint32(20, data.length, true);
  cv.setUint32(24, data.length, true);
  cv.setUint16(28, n.length, true);
  central.set(n, 46);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length + data.length, true);
  const out = new Uint8Array(local.length + data.length + central.length + end.length);
  out.set(local, 0);
  out.set(data, local.length);
  out.set(central, local.length + data.length);
  out.set(end, local.length + data.length + central.length);
  return out;
}

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
