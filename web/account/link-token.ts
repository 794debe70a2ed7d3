/** A one-time link from an invitation or reset e-mail: `/account/#invite=TOKEN` or `#reset=TOKEN`. */
export interface LinkToken {
  purpose: "invite" | "reset";
  token: string;
}

/**
 * Reads the link token from the fragment and removes it from the address bar (and so from the
 * history, bookmarks and screen shares). The fragment never reaches a server; from here on the
 * token lives only in memory and travels in request bodies.
 */
export function takeLinkToken(): LinkToken | null {
  const m = /^#(invite|reset)=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!m) return null;
  history.replaceState(history.state, "", location.pathname + location.search);
  return { purpose: m[1] as LinkToken["purpose"], token: m[2]! };
}
