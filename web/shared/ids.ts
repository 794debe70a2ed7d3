/**
 * Random id matching the protocol's id pattern (/^[A-Za-z0-9_-]{1,64}$/): 32 hex digits.
 * getRandomValues rather than randomUUID because the latter needs a secure context, and
 * local development over plain http on a LAN address is not one.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
