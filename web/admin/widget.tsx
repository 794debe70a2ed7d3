import { useRef, useState } from "preact/hooks";
import { api, errorMessage } from "../shared/api";
import { useResource } from "../shared/hooks";
import { LoadState } from "../shared/status";
import { toast } from "../shared/toast";
import type { PageProps } from "./routes";
import type { WidgetSettings } from "./types";

const MAX_ORIGINS = 50;

/**
 * One origin per line → normalised origins, or the first problem. Mirrors the server's rule
 * (scheme://host[:port], no path) so mistakes show before saving.
 */
export function parseOrigins(text: string): { origins: string[] } | { error: string } {
  const origins: string[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim().replace(/\/$/, "");
    if (!line) continue;
    let url: URL;
    try {
      url = new URL(line);
    } catch {
      return { error: `Line ${i + 1}: "${line}" is not a URL. Use e.g. https://www.example.com` };
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return { error: `Line ${i + 1}: only http:// and https:// origins are allowed.` };
    if (url.pathname !== "/" || url.search || url.hash || url.username || url.password)
      return { error: `Line ${i + 1}: "${line}" must be just scheme://host[:port], without a path.` };
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  if (origins.length > MAX_ORIGINS) return { error: `At most ${MAX_ORIGINS} origins.` };
  return { origins };
}

export function WidgetPage({ canWrite }: PageProps) {
  const res = useResource((signal) => api<WidgetSettings>("/api/admin/widget", { signal }), []);
  return (
    <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload}>
      {res.data && (
        <>
          <Snippet settings={res.data} />
          <Origins key={res.data.allowedOrigins.join("\n")} settings={res.data} canWrite={canWrite} onSaved={(s) => res.mutate(() => s)} />
        </>
      )}
    </LoadState>
  );
}

function Snippet({ settings }: { settings: WidgetSettings }) {
  const ref = useRef<HTMLElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(settings.snippet);
      toast("Embed code copied.", "success");
    } catch {
      // Clipboard API unavailable (e.g. plain http): select the text for a manual copy.
      const el = ref.current;
      if (el) window.getSelection()?.selectAllChildren(el);
      toast("Press Ctrl+C (⌘C on a Mac) to copy the selected code.", "info");
    }
  }

  return (
    <section class="card" aria-labelledby="snippet-title">
      <div class="card-head">
        <h2 id="snippet-title" class="card-title">
          Embed code
        </h2>
        <button type="button" class="btn small" onClick={() => void copy()} data-testid="widget-copy">
          Copy
        </button>
      </div>
      <p class="muted small">Paste this just before &lt;/body&gt; on every page where the chat should appear.</p>
      <pre class="code" tabIndex={0} aria-label="Embed code">
        <code ref={ref} data-testid="widget-snippet">
          {settings.snippet}
        </code>
      </pre>
      <p class="small">
        Public key: <code data-testid="widget-key">{settings.publicKey}</code>
      </p>
    </section>
  );
}

function Origins({ settings, canWrite, onSaved }: { settings: WidgetSettings; canWrite: boolean; onSaved: (s: WidgetSettings) => void }) {
  const [text, setText] = useState(settings.allowedOrigins.join("\n"));
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const parsed = parseOrigins(text);
  const error = "error" in parsed ? parsed.error : null;
  const dirty = text.trim() !== settings.allowedOrigins.join("\n").trim();

  async function save(e: Event) {
    e.preventDefault();
    if (!("origins" in parsed) || busy) return;
    setBusy(true);
    setServerError(null);
    try {
      const next = await api<WidgetSettings>("/api/admin/widget", { method: "PUT", body: { allowedOrigins: parsed.origins } });
      toast("Allowed origins saved.", "success");
      onSaved(next);
    } catch (err) {
      setServerError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={save} aria-labelledby="origins-title">
      <h2 id="origins-title" class="card-title">
        Allowed origins
      </h2>
      <p class="muted small" id="origins-hint">
        The widget only loads on these sites. One origin per line, e.g. <code>https://www.example.com</code>.
      </p>
      <label class="field">
        <span class="sr-only">Allowed origins, one per line</span>
        <textarea
          rows={6}
          value={text}
          spellcheck={false}
          readOnly={!canWrite}
          aria-describedby="origins-hint"
          aria-invalid={error !== null}
          onInput={(e) => setText(e.currentTarget.value)}
          data-testid="widget-origins"
        />
      </label>
      {(error ?? serverError) && (
        <p class="form-error" role="alert">
          {error ?? serverError}
        </p>
      )}
      {canWrite && (
        <div class="button-row">
          <button type="submit" class="btn primary" disabled={busy || error !== null || !dirty} data-testid="widget-save">
            {busy ? "Saving…" : "Save origins"}
          </button>
        </div>
      )}
    </form>
  );
}
