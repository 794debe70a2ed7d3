/** The one router: Hono at the edge. Every route validates its input with zod and answers errors in one envelope. */
import { Hono } from "hono";
import { sameOriginOnly, type AppEnv } from "./auth";
import { errorResponse } from "./errors";
import { openApiDocument, routeDocs } from "./openapi";
import { adminRoutes } from "./routes/admin";
import { adminSecurityRoutes } from "./routes/admin-security";
import { adminSettingsRoutes } from "./routes/admin-settings";
import { adminUserRoutes } from "./routes/admin-users";
import { authRoutes } from "./routes/auth";
import { consoleRoutes } from "./routes/console";
import { pageRoutes } from "./routes/pages";
import { provisionRoutes } from "./routes/provision";
import { widgetRoutes } from "./routes/widget";

export const app = new Hono<AppEnv>();

app.onError((err, c) => errorResponse(c, err));

// Cookie-authenticated APIs refuse requests from other origins (CSRF, cross-site WebSocket hijacking).
app.use("/api/auth/*", sameOriginOnly);
app.use("/api/console/*", sameOriginOnly);
app.use("/api/admin/*", sameOriginOnly);
app.use("/api/*", async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
  c.header("X-Content-Type-Options", "nosniff");
});

app.route("/api/auth", authRoutes);
app.route("/api/widget", widgetRoutes);
app.route("/api/console", consoleRoutes);
app.route("/api/admin/users", adminUserRoutes);
app.route("/api/admin/security", adminSecurityRoutes);
app.route("/api/admin/settings", adminSettingsRoutes);
app.route("/api/admin", adminRoutes);
app.route("/api/operator", provisionRoutes);

app.get("/api/health", (c) => c.json({ ok: true }));
app.get("/api/openapi.json", (c) => c.json(openApiDocument(new URL(c.req.url).origin)));
app.all("/api/*", (c) => c.json({ error: { code: "not_found", message: `no API route ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404));

app.route("/", pageRoutes);

export { routeDocs };
