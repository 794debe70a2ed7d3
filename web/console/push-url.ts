/**
 * Whether a page may be pushed: http(s), no credentials, on one of the allowed domains or
 * their subdomains. The same rule as pushAllowed in core/chat-settings.ts, which the server
 * applies anyway; copied because importing that module would bring zod into the console.
 */
export function pushAllowed(url: string, domains: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return false;
  if (u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

/** Why a typed address cannot be pushed, in words; null when it can. */
export function pushProblem(url: string, domains: readonly string[]): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "Enter a full address, starting with https://";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "Only http:// and https:// pages can be pushed.";
  if (u.username || u.password) return "Addresses with a user name or password cannot be pushed.";
  return pushAllowed(url, domains) ? null : `${u.hostname} is not one of your organisation's allowed domains.`;
}
