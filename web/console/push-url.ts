import { pushAllowed } from "../../core/push";

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
