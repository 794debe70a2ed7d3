/**
 * Per-socket frame budget. Counters live in memory only: after hibernation a socket starts a
 * fresh window, which errs on the side of letting a well-behaved client through.
 */
export type FloodVerdict = "ok" | "refuse" | "close";

export class Flood {
  private windows = new Map<WebSocket, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one frame. Over the limit the frame is refused; far over it the socket is closed. */
  hit(ws: WebSocket, now = Date.now()): FloodVerdict {
    let w = this.windows.get(ws);
    if (!w || now - w.start >= this.windowMs) this.windows.set(ws, (w = { start: now, count: 0 }));
    w.count++;
    if (w.count > this.limit * 4) return "close";
    return w.count > this.limit ? "refuse" : "ok";
  }

  forget(ws: WebSocket): void {
    this.windows.delete(ws);
  }
}
