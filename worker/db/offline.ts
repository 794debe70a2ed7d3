/** Offline messages left by visitors when no agent of a department was online. */
import { newId } from "../../core/encoding";
import { archiveMaskRules, masked } from "../../core/chat-settings";
import { openField, sealField, type StoredBlob } from "./keys";
import { chatSettings } from "./settings";

type KeyEnv = Pick<Env, "DB" | "MASTER_KEY">;
const aad = (col: string, id: string) => `offline_messages:${col}:${id}`;

export async function saveOfflineMessage(
  env: KeyEnv,
  tenantId: string,
  m: { departmentId: string; name: string; email: string; message: string },
): Promise<string> {
  const id = newId("om_");
  // Offline messages are stored records: the archive masking rules apply to what the visitor wrote.
  const rules = archiveMaskRules(await chatSettings(env.DB, tenantId));
  const message = masked(m.message, rules);
  const [name, email, sealed] = await Promise.all([
    sealField(env, tenantId, aad("name", id), m.name),
    sealField(env, tenantId, aad("email", id), m.email),
    sealField(env, tenantId, aad("message", id), message),
  ]);
  await env.DB.prepare(
    "INSERT INTO offline_messages (id, tenant_id, department_id, name_enc, email_enc, message_enc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(id, tenantId, m.departmentId, name, email, sealed, Date.now())
    .run();
  return id;
}

/** Newest first; `departmentIds` limits the list to those departments (null: the whole tenant). */
export async function listOfflineMessages(env: KeyEnv, tenantId: string, departmentIds: string[] | null, limit = 100) {
  const { results } = await env.DB.prepare(
    `SELECT o.id, o.department_id, COALESCE(d.name, '(deleted department)') AS department_name, o.name_enc, o.email_enc, o.message_enc, o.created_at
     FROM offline_messages o LEFT JOIN departments d ON d.id = o.department_id AND d.tenant_id = o.tenant_id
     WHERE o.tenant_id = ? ${departmentIds ? `AND o.department_id IN (${departmentIds.map(() => "?").join(",") || "NULL"})` : ""}
     ORDER BY o.created_at DESC LIMIT ?`,
  )
    .bind(tenantId, ...(departmentIds ?? []), limit)
    .all<{ id: string; department_id: string; department_name: string; name_enc: StoredBlob; email_enc: StoredBlob; message_enc: StoredBlob; created_at: number }>();
  return Promise.all(
    results.map(async (r) => ({
      id: r.id,
      departmentId: r.department_id,
      departmentName: r.department_name,
      name: await openField(env, tenantId, aad("name", r.id), r.name_enc),
      email: await openField(env, tenantId, aad("email", r.id), r.email_enc),
      message: await openField(env, tenantId, aad("message", r.id), r.message_enc),
      createdAt: r.created_at,
    })),
  );
}
