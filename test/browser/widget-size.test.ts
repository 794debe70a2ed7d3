import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/** Everything a visitor downloads to open the widget and chat (the build ran in global setup). */
export const WIDGET_FILES = ["dist/web/widget.js", "dist/web/w/frame.html", "dist/web/w/frame.css", "dist/web/w/frame.js"];
export const WIDGET_BUDGET = 12 * 1024;

describe("widget size budget", () => {
  it(`stays within ${WIDGET_BUDGET} bytes gzipped`, () => {
    const sizes = Object.fromEntries(WIDGET_FILES.map((f) => [f, gzipSync(readFileSync(f), { level: 9 }).length]));
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    console.log("widget gzipped bytes:", JSON.stringify({ ...sizes, total }));
    expect(total).toBeLessThanOrEqual(WIDGET_BUDGET);
  });
});
