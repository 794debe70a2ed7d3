/** Display formatting in the user's locale; all inputs are epoch milliseconds or durations. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

const shortThisYear = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const shortOtherYear = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** Compact date and time for dense tables; the year only when it isn't this year. */
export function formatShortDateTime(epochMs: number): string {
  const sameYear = new Date(epochMs).getFullYear() === new Date().getFullYear();
  return (sameYear ? shortThisYear : shortOtherYear).format(epochMs);
}

export function formatDateTime(epochMs: number): string {
  return dateTime.format(epochMs);
}

export function formatTime(epochMs: number): string {
  return time.format(epochMs);
}

/** A stopwatch: m:ss, or h:mm:ss past an hour. Negative values (clock skew) show as 0:00. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${String(m).padStart(2, "0")}:${ss}`;
}

/** A human duration for reports: "45 s", "3 min 5 s", "1 h 12 min". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return `${total} s`;
  const m = Math.floor(total / 60);
  if (m < 60) return total % 60 ? `${m} min ${total % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** "YYYY-MM-DD" from an <input type=date> → local midnight; undefined when empty or invalid. */
export function parseDateInput(value: string, endOfDay = false): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // End of day = the next local midnight minus 1 ms, so "to" includes the whole day.
  return endOfDay ? new Date(y, mo - 1, d + 1).getTime() - 1 : new Date(y, mo - 1, d).getTime();
}

/** A file size for people: 812 B, 14 KB, 3.2 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
