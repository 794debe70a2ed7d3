/**
 * The one way the web apps talk to the server: same-origin fetch with the session cookie,
 * JSON in and out, and the server's `{ error: { code, message } }` turned into an ApiError
 * whose message is safe to show to the user.
 */

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never reached the server. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: unknown[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

// A lost session (401 `unauthenticated` or `session_expired`) or a sign-in that still owes a step
// (403 `sign_in_incomplete`) can come back from any call: whoever shows the login form subscribes
// here, so every screen does not have to handle it.
const sessionListeners = new Set<(e: ApiError) => void>();
export function onSessionProblem(fn: (e: ApiError) => void): () => void {
  sessionListeners.add(fn);
  return () => sessionListeners.delete(fn);
}
const SESSION_PROBLEMS = new Set(["401 unauthenticated", "401 session_expired", "403 sign_in_incomplete"]);

// Wait times are computed from server timestamps; an agent's PC clock may be minutes off, so
// we keep the offset seen in the `Date` header of our own responses (1 s resolution).
let clockSkewMs = 0;
/** Current time on the server's clock, as well as we can tell. */
export function serverNow(): number {
  return Date.now() + clockSkewMs;
}
function noteServerDate(res: Response, sentAt: number): void {
  const header = res.headers.get("date");
  const server = header ? Date.parse(header) : NaN;
  if (Number.isNaN(server)) return;
  const local = (sentAt + Date.now()) / 2;
  const skew = server - local;
  // Below a few seconds the header's whole-second rounding is noise, not skew.
  clockSkewMs = Math.abs(skew) > 3000 ? skew : 0;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = options.body === undefined ? "GET" : "POST", body, signal } = options;
  const init: RequestInit = { method, credentials: "same-origin", headers: { accept: "application/json" } };
  if (signal) init.signal = signal;
  if (body instanceof Blob) {
    // A file travels as the raw body; its name goes in the path's query.
    init.headers = { accept: "application/json", "content-type": "application/octet-stream" };
    init.body = body;
  } else if (body !== undefined) {
    init.headers = { accept: "application/json", "content-type": "application/json" };
    init.body = JSON.stringify(body);
  }
  const sentAt = Date.now();
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network", "Cannot reach the server. Check your connection and try again.");
  }
  noteServerDate(res, sentAt);
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => undefined);
  if (res.ok) return data as T;

  const err = (data as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | undefined)?.error;
  const code = typeof err?.code === "string" ? err.code : `http_${res.status}`;
  const message = typeof err?.message === "string" && err.message ? err.message : `Request failed (${res.status}).`;
  const issues = Array.isArray(err?.issues) ? err.issues : undefined;
  const error = new ApiError(res.status, code, message, issues);
  // Login answers 401 invalid_credentials; only a lost or unfinished session means "show the login form".
  if (SESSION_PROBLEMS.has(`${res.status} ${code}`)) for (const fn of [...sessionListeners]) fn(error);
  throw error;
}

/** Error text for the user, whatever was thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return "Something went wrong.";
}

/** The server writes messages as phrases ("the code is not valid"); forms show them as sentences. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  return t[0]!.toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? "" : ".");
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === "AbortError";
}

/** ws: or wss: URL on this origin (the session cookie authenticates the upgrade). */
export function wsUrl(path: string): string {
  return (location.protocol === "https:" ? "wss:" : "ws:") + "//" + location.host + path;
}

/** Path segment for an id coming from the server (never trust it to be URL-safe). */
export const seg = encodeURIComponent;
