import { toast } from "./toast";

/**
 * Copies text, telling the user it worked. Where the Clipboard API is unavailable (plain http
 * on a LAN address, a denied permission) the text in `fallback` is selected for Ctrl+C instead.
 */
export async function copyText(text: string, what: string, fallback?: HTMLElement | null): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast(`${what} copied.`, "success");
  } catch {
    if (fallback) window.getSelection()?.selectAllChildren(fallback);
    toast("Press Ctrl+C (⌘C on a Mac) to copy the selected text.", "info");
  }
}
