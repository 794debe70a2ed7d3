import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ABANDON_MS, type ChatMeta } from "../durable/chat-session";
import { makeTenant } from "./helpers";

const chatStub = (tenantId: string, chatId: string) => env.CHAT.get(env.CHAT.idFromName(`${tenantId}:${chatId}`));
const start = (tenantId: string, chatId: string, departmentId: string) =>
  chatStub(tenantId, chatId).start({
    tenantId,
    chatId,
    departmentId,
    visitor: { id: "v_test", name: "Vera", email: "vera@example.com", ipHash: "h_test" },
    firstMessage: "hello",
  });

describe("ChatSession actor (RPC)", () => {
  it("stores the first message with seq 1 and is idempotent on start", async () => {
    const t = await makeTenant();
    const chatId = `c_${crypto.randomUUID().slice(0, 8)}`;
    const a = await start(t.tenantId, chatId, t.departments.Sales!);
    const b = await start(t.tenantId, chatId, t.departments.Sales!);
    expect(a).toEqual(b);
    await runInDurableObject(chatStub(t.tenantId, chatId), (_i, state) => {
      const rows = state.storage.sql.exec<{ seq: number; body: string }>("SELECT seq, body FROM messages").toArray();
      expect(rows).toEqual([{ seq: 1, body: "hello" }]);
    });
  });

  it("erases its own storage once the transcript is in D1", async () => {
    const t = await makeTenant();
    const chatId = `c_${crypto.randomUUID().slice(0, 8)}`;
    await start(t.tenantId, chatId, t.departments.Sales!);
    const stub = chatStub(t.tenantId, chatId);
    expect(await stub.end({ kind: "visitor", id: "v_test", name: "Vera" })).toEqual({ ok: true });
    const row = await env.DB.prepare("SELECT tenant_id, message_count, ended_by, body_enc FROM transcripts WHERE id = ?").bind(chatId).first<any>();
    expect(row).toMatchObject({ tenant_id: t.tenantId, message_count: 2, ended_by: "visitor" });
    // The body is ciphertext: the message text does not appear in D1.
    expect(new TextDecoder().decode(new Uint8Array(row.body_enc))).not.toContain("hello");
    await runInDurableObject(stub, (_i, state) => {
      const tables = state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('meta','messages','reads')").toArray();
      expect(tables).toEqual([]);
    });
    expect(await stub.summaryFor(t.tenantId)).toBeNull();
  });

  it("keeps everything and retries when the transcript cannot be written", async () => {
    // A tenant id with no data key in D1 makes the write fail.
    const chatId = `c_${crypto.randomUUID().slice(0, 8)}`;
    await start("t_missing", chatId, "d_x");
    const stub = chatStub("t_missing", chatId);
    await stub.end({ kind: "visitor", id: "v_test", name: "Vera" });
    await runInDurableObject(stub, async (_i, state) => {
      const meta = JSON.parse(state.storage.sql.exec<{ json: string }>("SELECT json FROM meta").one().json) as ChatMeta;
      expect(meta).toMatchObject({ status: "ended", persistPending: true });
      expect(state.storage.sql.exec("SELECT COUNT(*) AS n FROM messages").one().n).toBe(2);
      expect(await state.storage.getAlarm()).not.toBeNull();
    });
  });

  it("ends a chat whose visitor has been gone longer than the abandonment window", async () => {
    const t = await makeTenant();
    const chatId = `c_${crypto.randomUUID().slice(0, 8)}`;
    await start(t.tenantId, chatId, t.departments.Sales!);
    const stub = chatStub(t.tenantId, chatId);
    // Not yet: the alarm re-arms.
    await runDurableObjectAlarm(stub);
    expect((await stub.summaryFor(t.tenantId))?.status).toBe("queued");
    // Pretend the visitor left long ago.
    await runInDurableObject(stub, (instance, state) => {
      const meta = JSON.parse(state.storage.sql.exec<{ json: string }>("SELECT json FROM meta").one().json) as ChatMeta;
      const aged = { ...meta, visitorLeftAt: Date.now() - ABANDON_MS - 1 };
      state.storage.sql.exec("UPDATE meta SET json = ?", JSON.stringify(aged));
      (instance as unknown as { meta: ChatMeta }).meta = aged;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const row = await env.DB.prepare("SELECT ended_by FROM transcripts WHERE id = ? AND tenant_id = ?").bind(chatId, t.tenantId).first();
    expect(row).toEqual({ ended_by: "system" });
  });

  it("knows its tenant from its name and answers nothing to another tenant", async () => {
    const t = await makeTenant();
    const chatId = `c_${crypto.randomUUID().slice(0, 8)}`;
    await start(t.tenantId, chatId, t.departments.Sales!);
    expect(await chatStub(t.tenantId, chatId).summaryFor("t_other")).toBeNull();
  });
});

describe("Tenant actor (RPC)", () => {
  it("reads its tenant id from its name", async () => {
    const t = await makeTenant();
    await runInDurableObject(env.TENANT.get(env.TENANT.idFromName(t.tenantId)), (_i, state) => {
      expect(state.id.name).toBe(t.tenantId);
    });
  });

  it("a chat ending removes it from the queue", async () => {
    const t = await makeTenant();
    const tenant = env.TENANT.get(env.TENANT.idFromName(t.tenantId));
    await tenant.enqueue({ chatId: "c_gone", departmentId: t.departments.Sales!, queuedAt: Date.now(), visitorName: "V", preview: "p" });
    const admin = { id: "u_x", name: "X", role: "site_admin" as const, departmentIds: [] };
    expect((await tenant.state(admin)).queue.map((q) => q.chatId)).toEqual(["c_gone"]);
    await tenant.chatEnded("c_gone");
    expect((await tenant.state(admin)).queue).toEqual([]);
  });
});

describe("SecureVault actor", () => {
  it("gives a value back once, then never again", async () => {
    const vault = env.VAULT.get(env.VAULT.idFromName(crypto.randomUUID()));
    const { id } = await vault.put("4111 1111 1111 1111", 60_000);
    expect(await vault.take(id)).toBe("4111 1111 1111 1111");
    expect(await vault.take(id)).toBeNull();
  });

  it("destroys values when their time runs out, and writes none of them to storage", async () => {
    const vault = env.VAULT.get(env.VAULT.idFromName(crypto.randomUUID()));
    const { id } = await vault.put("secret", 1000);
    await runInDurableObject(vault, async (_i, state) => {
      expect(await state.storage.list()).toEqual(new Map());
    });
    await new Promise((r) => setTimeout(r, 1100));
    await runDurableObjectAlarm(vault);
    expect(await vault.take(id)).toBeNull();
  });
});

describe("ChatSession storage hygiene", () => {
  it("a socket request for a chat that does not exist leaves no storage behind", async () => {
    const stub = chatStub("t_nobody", `c_${crypto.randomUUID().slice(0, 8)}`);
    expect(await stub.summaryFor("t_nobody")).toBeNull();
    await runInDurableObject(stub, (_i, state) => {
      expect(state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'").toArray()).toEqual([]);
    });
  });
});
