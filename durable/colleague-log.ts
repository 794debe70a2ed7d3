/**
 * Colleague messages, kept in the Tenant actor's SQLite: both people's consoles are connected
 * to that actor already, so delivery is a local fan-out. Messages are kept for
 * COLLEAGUE_KEEP_MS (or not at all when the tenant stores no chat content) and pruned as new
 * ones arrive.
 */
import { newId } from "../core/encoding";
import type { ColleagueMessage } from "../core/protocol";

export const COLLEAGUE_KEEP_MS = 30 * 24 * 60 * 60_000;
/** Messages a conversation's history returns, newest last. */
export const COLLEAGUE_HISTORY = 200;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS colleague_messages (id TEXT PRIMARY KEY, pair TEXT NOT NULL, from_id TEXT NOT NULL,
     from_name TEXT NOT NULL, to_id TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS colleague_messages_pair ON colleague_messages (pair, at)`,
  `CREATE INDEX IF NOT EXISTS colleague_messages_at ON colleague_messages (at)`,
];

/** One key per conversation, whoever writes first. */
const pair = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

type Row = { id: string; from_id: string; from_name: string; to_id: string; body: string; at: number };

export class ColleagueLog {
  constructor(private sql: SqlStorage) {
    for (const q of SCHEMA) sql.exec(q);
  }

  /** Records (when `keep`) and returns the message to deliver. */
  post(from: { id: string; name: string }, to: string, body: string, keep: boolean): ColleagueMessage {
    const message: ColleagueMessage = { id: newId("cm_"), from, to, body, at: Date.now() };
    if (keep) {
      this.sql.exec("DELETE FROM colleague_messages WHERE at < ?", message.at - COLLEAGUE_KEEP_MS);
      this.sql.exec(
        "INSERT INTO colleague_messages (id, pair, from_id, from_name, to_id, body, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        message.id,
        pair(from.id, to),
        from.id,
        from.name,
        to,
        body,
        message.at,
      );
    }
    return message;
  }

  /** The latest messages between two people, oldest first. */
  between(a: string, b: string): ColleagueMessage[] {
    return this.sql
      .exec<Row>("SELECT * FROM colleague_messages WHERE pair = ? AND at >= ? ORDER BY at DESC LIMIT ?", pair(a, b), Date.now() - COLLEAGUE_KEEP_MS, COLLEAGUE_HISTORY)
      .toArray()
      .reverse()
      .map((r) => ({ id: r.id, from: { id: r.from_id, name: r.from_name }, to: r.to_id, body: r.body, at: r.at }));
  }
}
