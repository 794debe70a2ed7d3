import type { TranscriptSummary } from "../../core/protocol";

export type { Transcript, TranscriptSummary } from "../../core/protocol";

export interface TranscriptPage {
  transcripts: TranscriptSummary[];
  next: string | null;
}

export interface TranscriptFilters {
  from?: number | undefined;
  to?: number | undefined;
  agentId?: string | undefined;
}

export function transcriptsUrl(f: TranscriptFilters, before: string | null, limit = 25): string {
  const q = new URLSearchParams();
  if (f.from !== undefined) q.set("from", String(f.from));
  if (f.to !== undefined) q.set("to", String(f.to));
  if (f.agentId) q.set("agentId", f.agentId);
  q.set("limit", String(limit));
  if (before) q.set("before", before);
  return `/api/console/transcripts?${q}`;
}

/** Rating as five stars (callers add an aria-label with the number for screen readers). */
export function ratingText(rating: number | null): string {
  return rating === null ? "—" : `${"★".repeat(rating)}${"☆".repeat(Math.max(0, 5 - rating))}`;
}
