/**
 * Hard limits, shared by server validation and the web apps. Zod-free, so the apps can import
 * them without pulling the protocol schemas into their bundles.
 */
export const LIMITS = {
  /** Largest WebSocket text frame accepted, in characters (UTF-16 code units), checked before JSON parsing. */
  frameChars: 16 * 1024,
  /** Longest chat message body, in characters. */
  messageChars: 4000,
  /** Frames one socket may send per `floodWindowMs` before frames are refused. */
  floodFrames: 30,
  floodWindowMs: 10_000,
  /** Offline message and survey comment length. */
  offlineChars: 4000,
  surveyChars: 2000,
  /** How long an ended chat keeps accepting the visitor's survey. */
  surveyWindowMs: 30 * 60_000,
  /** Largest file a visitor or agent may send (scanned whole before it is stored). */
  fileBytes: 10 * 1024 * 1024,
} as const;
