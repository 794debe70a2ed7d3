import { useRef, useState } from "preact/hooks";
import { LIMITS } from "../../core/limits";
import { api, errorMessage, seg } from "../shared/api";
import { formatBytes } from "../shared/format";
import { toast } from "../shared/toast";

/**
 * "Send file…": picks a file and posts it to the chat. The server scans it for viruses before
 * storing anything; the message arrives over the chat socket like any other, so nothing is
 * added here on success. Refusals (infected, too large, a program) are shown as they come.
 */
export function AttachFile({ chatId, disabled }: { chatId: string; disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [sending, setSending] = useState<string | null>(null);

  async function send(file: File) {
    if (file.size > LIMITS.fileBytes) return toast(`${file.name} is ${formatBytes(file.size)}; files are limited to ${formatBytes(LIMITS.fileBytes)}.`, "error");
    setSending(file.name);
    try {
      await api(`/api/console/chats/${seg(chatId)}/files?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file });
    } catch (e) {
      toast(`${file.name} was not sent: ${errorMessage(e)}`, "error");
    } finally {
      setSending(null);
    }
  }

  return (
    <>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void send(file);
        }}
      />
      <button type="button" class="btn small" data-testid="attach" disabled={disabled || sending !== null} onClick={() => input.current?.click()}>
        {sending ? "Scanning…" : "Send file…"}
      </button>
    </>
  );
}
