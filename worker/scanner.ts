/**
 * Virus scanning with ClamAV: every file is streamed to clamd over TCP (`CLAMD_ADDRESS`,
 * `host:port`) before anything is stored. Scanning fails closed: no scanner, a timeout or an
 * answer that is not a clear verdict means the file is refused, never stored unscanned.
 * In production clamd runs as a container (or any host the operator names) beside the Worker.
 */
import { connect } from "cloudflare:sockets";
import { instreamFrames, parseReply, type ScanVerdict } from "../core/clamd";

const SCAN_TIMEOUT_MS = 30_000;

export async function scanFile(env: Pick<Env, "CLAMD_ADDRESS">, file: Uint8Array): Promise<ScanVerdict> {
  const address = env.CLAMD_ADDRESS?.trim();
  if (!address) return { status: "error", reason: "no virus scanner is configured" };
  let socket: Socket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ScanVerdict>((resolve) => {
    timer = setTimeout(() => resolve({ status: "error", reason: "the virus scanner did not answer in time" }), SCAN_TIMEOUT_MS);
  });
  const scan = (async (): Promise<ScanVerdict> => {
    socket = connect(address);
    const writer = socket.writable.getWriter();
    for (const frame of instreamFrames(file)) await writer.write(frame);
    const reader = socket.readable.getReader();
    const decoder = new TextDecoder();
    let reply = "";
    // One NUL-terminated line, then clamd closes the stream.
    while (!reply.includes("\0")) {
      const { value, done } = await reader.read();
      if (done) break;
      reply += decoder.decode(value, { stream: true });
    }
    return parseReply(reply);
  })().catch((err: unknown) => ({ status: "error" as const, reason: `the virus scanner is unreachable (${err instanceof Error ? err.message : "error"})` }));
  try {
    return await Promise.race([scan, timeout]);
  } finally {
    clearTimeout(timer);
    socket?.close().catch(() => undefined);
  }
}
