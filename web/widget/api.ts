/** REST calls and the one sessionStorage entry of the widget frame. */

/** A failed call: the server's `{ error: { code, message } }`, or a network failure. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code = "",
  ) {
    super(message);
  }
}

/** GET (no body) or POST JSON (or a file, raw) to /api/widget/…; resolves to the JSON body, or undefined on 204. */
export async function api<T>(path: string, body?: object, token?: string): Promise<T> {
  const file = body instanceof Blob;
  const headers: Record<string, string> = {};
  if (body) headers["content-type"] = file ? "application/octet-stream" : "application/json";
  if (token) headers.authorization = "Bearer " + token;
  let res: Response;
  try {
    // credentials:"omit": the widget never sends cookies, even ones a logged-in agent has on this origin.
    res = await fetch("/api/widget/" + path, { method: body ? "POST" : "GET", headers, body: file ? body : body && JSON.stringify(body), credentials: "omit" });
  } catch {
    throw new ApiError("Can't reach the chat service. Check your connection and try again.");
  }
  if (res.ok) return (res.status === 204 ? undefined : await res.json()) as T;
  const err = (await res.json().catch(() => null))?.error;
  throw new ApiError(err?.message || `Something went wrong (${res.status}).`, err?.code);
}

/** What survives a reload of the host page: enough to reconnect, nothing of the conversation. */
export interface Saved {
  chatId: string;
  token: string;
  lastSeq: number;
}

// sessionStorage may throw (storage blocked in third-party frames); the chat then just won't resume.
const KEY = "parley.chat";
export const store = {
  get(): Saved | null {
    try {
      const v = JSON.parse(sessionStorage.getItem(KEY) as string) as Saved | null;
      return v?.chatId && v.token ? v : null;
    } catch {
      return null;
    }
  },
  set(v: Saved | null): void {
    try {
      if (v) sessionStorage.setItem(KEY, JSON.stringify(v));
      else sessionStorage.removeItem(KEY);
    } catch {
      /* storage unavailable */
    }
  },
};
