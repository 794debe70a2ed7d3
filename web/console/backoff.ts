/**
 * Reconnect delays: exponential with full jitter, so that after a server restart hundreds of
 * agent consoles do not reconnect in the same instant.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs = 500,
    private readonly maxMs = 30_000,
  ) {}

  /** Delay before the next attempt. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 16);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  get attempts(): number {
    return this.attempt;
  }

  /** Call once a connection is healthy again. */
  reset(): void {
    this.attempt = 0;
  }
}
