import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../worker/app";
import { routeDocs } from "../worker/openapi";
import { api, login, makeTenant } from "./helpers";

describe("bad input gets a clear error", () => {
  it("invalid bodies get 400 invalid_request with every issue listed", async () => {
    const t = await makeTenant();
    const res = await api("/api/widget/chats", { method: "POST", body: { key: t.key, departmentId: "has space", message: "", email: "nope" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.issues.map((i: any) => i.path).sort()).toEqual(["departmentId", "email", "message"]);
  });

  it("bad JSON, wrong content type and oversized bodies are refused with their own codes", async () => {
    const bad = await SELF.fetch("https://parley.test/api/widget/offline", { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe("bad_json");
    const form = await SELF.fetch("https://parley.test/api/widget/offline", { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" });
    expect(form.status).toBe(415);
    expect(((await form.json()) as any).error.code).toBe("unsupported_media_type");
    const big = await SELF.fetch("https://parley.test/api/widget/offline", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "x".repeat(70_000) }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).error.code).toBe("body_too_large");
  });

  it("invalid queries and unknown widget keys are clear 4xx answers", async () => {
    const t = await makeTenant();
    const cookie = await login(t.emails.alice);
    const q = await api("/api/console/transcripts?limit=5000&from=yesterday", { cookie });
    expect(q.status).toBe(400);
    expect(((await q.json()) as any).error.issues.map((i: any) => i.path).sort()).toEqual(["from", "limit"]);
    const unknown = await api("/api/widget/config?key=pk_doesnotexist");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.code).toBe("unknown_key");
    const notAKey = await api("/api/widget/config?key=<script>");
    expect(notAKey.status).toBe(400);
  });

  it("unknown API routes answer the error envelope, not HTML", async () => {
    const res = await api("/api/nothing/here");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});

describe("OpenAPI document", () => {
  it("is served and describes every API route the Worker has", async () => {
    const res = await api("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe("3.1.0");
    const documented = new Set(routeDocs.map((r) => `${r.method.toUpperCase()} ${r.path}`));
    const served = app.routes
      .filter((r) => r.path.startsWith("/api/") && r.method !== "ALL" && !["/api/health", "/api/openapi.json"].includes(r.path))
      .map((r) => `${r.method} ${r.path}`);
    expect(served.length).toBeGreaterThan(20);
    for (const route of served) expect(documented, route).toContain(route);
    expect(doc.paths["/api/widget/chats"].post.requestBody.content["application/json"].schema.required).toContain("message");
  });
});
