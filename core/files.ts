/**
 * What a chat accepts as a file, before it is scanned. The virus scanner judges content; this
 * refuses the kinds of file that run when someone double-clicks them, whatever they contain,
 * because a chat is a classic way to trick a person into opening one.
 */

const RUNNABLE = new Set([
  "app", "bat", "cmd", "com", "cpl", "dll", "exe", "hta", "inf", "ins", "isp", "jar", "js", "jse", "lnk", "msc", "msi", "msp",
  "pif", "ps1", "psm1", "reg", "scf", "scr", "sct", "sh", "url", "vb", "vbe", "vbs", "ws", "wsc", "wsf", "wsh",
]);

/** The last extension, lower-cased ("" when there is none). */
export const extension = (name: string): string => {
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1).toLowerCase().trim();
};

/** True when a file of this name would run on the recipient's computer if opened. */
export const isRunnable = (name: string): boolean => RUNNABLE.has(extension(name));

/** `Content-Disposition` for a download: always an attachment, the name encoded per RFC 6266/5987. */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|[%;\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
