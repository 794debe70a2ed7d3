/** The Worker entry: the Hono app for HTTP, the scheduled jobs, and every actor class. */
import { app } from "./app";
import { scheduled } from "./scheduled";

export { ChatSession } from "../durable/chat-session";
export { SecureVault } from "../durable/secure-vault";
export { Tenant } from "../durable/tenant";

export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Env>;
