/**
 * Static pages and the headers that make them safe. The Worker runs before the assets binding
 * so every page gets a Content-Security-Policy; the widget frame gets `frame-ancestors` from the
 * tenant's allowed origins, so only the tenant's own sites can embed its chat.
 */
import { Hono } from "hono";
import { WidgetKeyQuery } from "../../core/protocol";
import type { AppEnv } from "../auth";
import { tenantByPublicKey } from "../db/directory";

export const pageRoutes = new Hono<AppEnv>();

function csp(origin: string, frameAncestors: string): string {
  const ws = origin.replace(/^http/, "ws");
  return [
    "default-src 'self'",
    `connect-src 'self' ${ws}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  const out = new Response(res.body, res);
  for (const [k, v] of Object.entries(headers)) out.headers.set(k, v);
  return out;
}

const common = (secure: boolean): Record<string, string> => ({
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  ...(secure ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
});

pageRoutes.get("/", (c) => c.redirect("/console/", 302));

// The widget frame: embeddable only by the tenant's allowed origins.
pageRoutes.get("/w/frame.html", async (c) => {
  const url = new URL(c.req.url);
  const key = WidgetKeyQuery.safeParse({ key: c.req.query("key") });
  const tenant = key.success ? await tenantByPublicKey(c.env.DB, key.data.key) : null;
  if (!tenant) return c.text("unknown widget key", 404, common(url.protocol === "https:"));
  const ancestors = tenant.allowedOrigins.length > 0 ? tenant.allowedOrigins.join(" ") : "'none'";
  // The assets binding serves `frame.html` at its canonical path `/w/frame` (and would redirect).
  const res = await c.env.ASSETS.fetch(new Request(new URL("/w/frame", url), c.req.raw));
  return withHeaders(res, {
    ...common(url.protocol === "https:"),
    "Content-Security-Policy": csp(url.origin, ancestors),
    "Cache-Control": "no-store",
  });
});

// The loader is fetched cross-origin by customers' pages.
pageRoutes.get("/widget.js", async (c) => {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  return withHeaders(res, { "Cross-Origin-Resource-Policy": "cross-origin", "Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff" });
});

pageRoutes.get("*", async (c) => {
  const url = new URL(c.req.url);
  const res = await c.env.ASSETS.fetch(c.req.raw);
  const headers: Record<string, string> = { ...common(url.protocol === "https:"), "X-Frame-Options": "DENY" };
  if (res.headers.get("Content-Type")?.startsWith("text/html")) headers["Content-Security-Policy"] = csp(url.origin, "'none'");
  // Widget assets load inside the frame, which the tenant's pages embed cross-origin.
  if (url.pathname.startsWith("/w/")) headers["Cross-Origin-Resource-Policy"] = "cross-origin";
  return withHeaders(res, headers);
});
