// The floor the delivery latency is compared with: the least a chat relay can do. Two raw
// WebSockets per chat (`/chat/<id>/visitor`, `/chat/<id>/agent`); a `msg` from one side is
// numbered, acknowledged to its sender and forwarded to the other side, in the same frame
// shapes as Parley, so bench/clients.mjs measures both with the same code. No authentication,
// no storage, no masking, no actor hop: everything Parley adds on top is what the ratio shows.
//
// It runs in its own process (started by `startRelay`), as workerd does, so it never shares an
// event loop with the clients that measure it.
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { WebSocketServer } from "ws";

function serve() {
  const chats = new Map(); // chatId → { seq, visitor, agent }
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
  wss.on("listening", () => process.send({ port: wss.address().port }));
  wss.on("connection", (ws, req) => {
    const [, , chatId, side] = req.url.split("/");
    const chat = chats.get(chatId) ?? { seq: 0, visitor: null, agent: null };
    chats.set(chatId, chat);
    chat[side] = ws;
    const from = { kind: side, id: side, name: side };
    ws.send(JSON.stringify({ type: "welcome", lastSeq: chat.seq }));
    ws.on("message", (data) => {
      const f = JSON.parse(data.toString());
      if (f.type !== "msg") return;
      const seq = ++chat.seq;
      const at = Date.now();
      const id = `m_${seq}`;
      ws.send(JSON.stringify({ type: "ack", clientId: f.clientId, id, seq, at, body: f.body }));
      chat[side === "visitor" ? "agent" : "visitor"]?.send(JSON.stringify({ type: "msg", message: { id, seq, from, body: f.body, at, clientId: f.clientId } }));
    });
    ws.on("close", () => {
      if (chat[side] === ws) chat[side] = null;
      if (!chat.visitor && !chat.agent) chats.delete(chatId);
    });
  });
}

if (process.argv[2] === "--serve") serve();

/** Starts the relay in a child process; resolves to { url(chatId, side), stop() }. */
export async function startRelay() {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const [{ port }] = await once(child, "message");
  return {
    url: (chatId, side) => `ws://127.0.0.1:${port}/chat/${chatId}/${side}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}
