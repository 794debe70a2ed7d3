/**
 * "Copy transcripts" switched off: conversation text is marked with NO_COPY (CSS makes it
 * unselectable) and this guard cancels any copy or cut whose selection touches it, so neither
 * Ctrl+C, the context menu nor document.execCommand("copy") puts conversation text on the
 * clipboard, even after Select All. It is a deterrent against casual copying, not a barrier:
 * whoever can read the text on screen can still retype or photograph it.
 */
export const NO_COPY = "no-copy";

function touchesNoCopy(e: ClipboardEvent): boolean {
  const marked = document.querySelectorAll(`.${NO_COPY}`);
  if (marked.length === 0) return false;
  const target = e.target instanceof Node ? e.target : null;
  const sel = document.getSelection();
  for (const el of marked) {
    if (target && el.contains(target)) return true;
    if (sel && sel.rangeCount > 0 && sel.containsNode(el, true)) return true;
  }
  return false;
}

function guard(e: ClipboardEvent): void {
  if (!touchesNoCopy(e)) return;
  e.preventDefault();
  // A cancelled copy writes what the handler set: write nothing rather than leave it to the browser.
  e.clipboardData?.setData("text/plain", "");
}

/** Installs the guard for the whole document; returns its removal. */
export function installCopyGuard(): () => void {
  document.addEventListener("copy", guard, true);
  document.addEventListener("cut", guard, true);
  return () => {
    document.removeEventListener("copy", guard, true);
    document.removeEventListener("cut", guard, true);
  };
}
