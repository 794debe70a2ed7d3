/**
 * The one error envelope: `{ error: { code, message, issues? } }` with a 4xx/5xx status.
 * Codes are stable and machine-readable; messages are for people.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: unknown[],
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string) => new ApiError(400, code, message);
export const unauthenticated = () => new ApiError(401, "unauthenticated", "sign in first");
export const forbidden = (message = "your role does not allow this") => new ApiError(403, "forbidden", message);
export const notFound = (what = "resource") => new ApiError(404, "not_found", `${what} not found`);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

export function errorResponse(c: Context, err: unknown): Response {
  if (err instanceof ApiError) {
    return c.json({ error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } }, err.status);
  }
  // Unknown failures are logged without request bodies (they may hold PII) and answered generically.
  console.error("unhandled error", c.req.method, new URL(c.req.url).pathname, err instanceof Error ? err.stack : String(err));
  return c.json({ error: { code: "internal", message: "something went wrong; it has been logged" } }, 500);
}

/** Validates `input` against `schema`, or throws a 400 `invalid_request` listing every issue. */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new ApiError(
      400,
      "invalid_request",
      z.prettifyError(r.error),
      r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return r.data;
}

/** Reads a JSON body: refuses other content types, oversized bodies and bad JSON with clear codes. */
export async function jsonBody<T extends z.ZodType>(c: Context, schema: T, maxBytes = 64 * 1024): Promise<z.infer<T>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, "unsupported_media_type", "send a JSON body with content-type: application/json");
  const text = await c.req.text();
  if (text.length > maxBytes) throw new ApiError(413, "body_too_large", `bodies are limited to ${maxBytes} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badRequest("bad_json", "the body is not valid JSON");
  }
  return parse(schema, json);
}
