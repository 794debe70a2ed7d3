/**
 * The rule for pages agents push to visitors. Kept free of zod so the console can apply the same
 * rule as the server (which applies it anyway) without shipping a validation library.
 */

/** True when `url` is https (or http) on one of the allowed domains or their subdomains. */
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
