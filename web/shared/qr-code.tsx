import { useEffect, useState } from "preact/hooks";

/** Quiet zone around the symbol, in modules: the QR standard asks for 4. */
const QUIET = 4;

/**
 * A QR code as inline SVG: one path of dark squares. Drawn in the DOM rather than as an image
 * so it needs nothing from the CSP and stays sharp at any size.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [drawn, setDrawn] = useState<{ size: number; path: string } | null>(null);
  useEffect(() => {
    let live = true;
    // The encoder is fetched only when a QR code is shown (enrolment), not on every page load.
    void import("qrcode-generator").then(({ default: qrcode }) => {
      // Type 0 = smallest symbol that fits; level M survives a little glare on a laptop screen.
      const qr = qrcode(0, "M");
      qr.addData(text);
      qr.make();
      const n = qr.getModuleCount();
      const parts: string[] = [];
      for (let row = 0; row < n; row++) {
        for (let col = 0; col < n; col++) {
          if (qr.isDark(row, col)) parts.push(`M${col + QUIET} ${row + QUIET}h1v1h-1z`);
        }
      }
      if (live) setDrawn({ size: n + 2 * QUIET, path: parts.join("") });
    });
    return () => {
      live = false;
    };
  }, [text]);

  if (!drawn) return <div class="qr" aria-busy="true" aria-label={label} />;
  return (
    <svg class="qr" viewBox={`0 0 ${drawn.size} ${drawn.size}`} role="img" aria-label={label} shape-rendering="crispEdges" data-testid="mfa-qr">
      <rect width={drawn.size} height={drawn.size} fill="#fff" />
      <path d={drawn.path} fill="#000" />
    </svg>
  );
}
