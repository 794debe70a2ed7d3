/**
 * The REST API description. Each route registers its summary and zod schemas next to its
 * handler (`describe(...)`), and /api/openapi.json is generated from that registry, so the
 * document cannot drift from what the Worker validates. A test checks that every route is
 * described.
 */
import { z } from "zod";

type Auth = "session" | "admin" | "visitor" | "public" | "operator";
export interface RouteDoc {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  auth: Auth;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** status → description */
  responses: Record<number, string>;
  websocket?: boolean;
}

export const routeDocs: RouteDoc[] = [];

export function describe(doc: RouteDoc): void {
  routeDocs.push(doc);
}

const security: Record<Auth, unknown[]> = {
  session: [{ session: [] }],
  admin: [{ session: [] }],
  visitor: [{ visitorToken: [] }],
  operator: [{ operatorToken: [] }],
  public: [],
};

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" }, issues: { type: "array", items: {} } },
    },
  },
};

export function openApiDocument(origin: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routeDocs) {
    const path = r.path.replace(/:([A-Za-z]+)/g, "{$1}");
    const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const query = r.query
      ? Object.entries(z.toJSONSchema(r.query, { io: "input" }).properties ?? {}).map(([name, schema]) => ({
          name,
          in: "query",
          required: (z.toJSONSchema(r.query!, { io: "input" }).required ?? []).includes(name),
          schema,
        }))
      : [];
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(r.responses)) {
      responses[status] = Number(status) >= 400 ? { description, content: { "application/json": { schema: errorSchema } } } : { description };
    }
    (paths[path] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      security: security[r.auth],
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: z.toJSONSchema(r.body, { io: "input" }) } } } } : {}),
      ...(r.websocket ? { "x-websocket": "Upgrade to a WebSocket; frames are described in docs/protocol.md" } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Parley API",
      version: "1",
      description: "Live chat REST API. Errors use one envelope: { error: { code, message, issues? } }.",
    },
    servers: [{ url: origin }],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "__Host-parley_session" },
        visitorToken: { type: "http", scheme: "bearer", description: "Visitor chat token; on WebSockets sent as the `bearer.<token>` subprotocol" },
        operatorToken: { type: "http", scheme: "bearer", description: "PROVISION_TOKEN secret of the deployment" },
      },
    },
    paths,
  };
}
