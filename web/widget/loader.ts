/**
 * Parley widget loader: the only script a customer embeds on their site.
 *
 *   <script src="https://PARLEY/widget.js" data-key="pk_..." [data-department="dep_..."] async></script>
 *
 * Isolation: the conversation lives only inside a cross-origin iframe served by Parley, so
 * scripts on the host page can neither read it nor reach the visitor's token. This loader only
 * creates that iframe and resizes it when the frame asks to open or close; it keeps no state,
 * sets no cookies, touches no storage and defines no globals (it is bundled as an IIFE).
 */

function main(): void {
  // Read synchronously: currentScript is null once this script has finished running.
  const me = document.currentScript as HTMLScriptElement | null;
  const key = me?.dataset.key;
  if (!me || !key) return;
  const origin = new URL(me.src).origin;
  const query = new URLSearchParams({ key });
  if (me.dataset.department) query.set("department", me.dataset.department);

  const frame = document.createElement("iframe");
  frame.src = `${origin}/w/frame.html?${query}`;
  frame.title = "Chat with us";
  let open = false;

  const size = (): void => {
    const full = open && innerWidth < 480;
    // color-scheme:normal matches the frame's own, so browsers keep the iframe transparent.
    frame.style.cssText =
      "position:fixed;z-index:2147483647;border:0;color-scheme:normal;background:none;" +
      (full
        ? "inset:0;width:100%;height:100%"
        : open
          ? "bottom:12px;right:12px;width:380px;height:min(600px,100% - 24px);border-radius:12px;box-shadow:0 6px 28px #0004"
          : "bottom:12px;right:12px;width:72px;height:72px");
  };

  addEventListener("message", (e) => {
    // Only our own frame may resize it; everything else on the page is ignored.
    if (e.origin !== origin || e.source !== frame.contentWindow) return;
    const m = (e.data as { parley?: unknown } | null)?.parley;
    if (m === "open" || m === "close") {
      open = m === "open";
      size();
    }
  });
  addEventListener("resize", () => open && size());
  size();

  // An async script may run before <body> exists.
  const mount = (): void => void document.body.append(frame);
  if (document.body) mount();
  else addEventListener("DOMContentLoaded", mount);
}

main();
