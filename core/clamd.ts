/**
 * The clamd INSTREAM protocol, as pure functions (the socket lives in worker/scanner.ts).
 * A scan is `zINSTREAM\0`, then the file as chunks each prefixed by its length as a 4-byte
 * big-endian integer, then a zero-length chunk; clamd answers one NUL-terminated line:
 * `stream: OK`, `stream: <signature> FOUND`, or `<reason> ERROR`.
 */

export type ScanVerdict = { status: "clean" } | { status: "infected"; signature: string } | { status: "error"; reason: string };

/** clamd's default StreamMaxLength is 25 MB; chunks well below its buffer size. */
export const CHUNK_BYTES = 64 * 1024;

/** The whole request for `file`, as the frames to write in order. */
export function instreamFrames(file: Uint8Array, chunk = CHUNK_BYTES): Uint8Array[] {
  const frames: Uint8Array[] = [new TextEncoder().encode("zINSTREAM\0")];
  for (let at = 0; at < file.length; at += chunk) {
    const part = file.subarray(at, Math.min(at + chunk, file.length));
    const frame = new Uint8Array(4 + part.length);
    new DataView(frame.buffer).setUint32(0, part.length, false);
    frame.set(part, 4);
    frames.push(frame);
  }
  frames.push(new Uint8Array(4));
  return frames;
}

/** Reads clamd's answer. Anything that is not a clear OK or FOUND is an error, never "clean". */
export function parseReply(reply: string): ScanVerdict {
  const line = reply.replace(/\0[\s\S]*$/, "").trim();
  if (line === "stream: OK") return { status: "clean" };
  const found = /^stream: (.+) FOUND$/.exec(line);
  if (found) return { status: "infected", signature: found[1]! };
  return { status: "error", reason: line.slice(0, 200) || "no answer" };
}
