// `npm start`: the whole product on this machine, then the URLs and demo logins.
import { DEMO, startStack } from "./lib/stack.mjs";

const stack = await startStack({ port: Number(process.env.PORT ?? 8787), demoPort: Number(process.env.DEMO_PORT ?? 8788), scannerOptional: true });
const users = DEMO.users.map((u) => `    ${u.role.padEnd(11)} ${u.email.padEnd(22)} ${DEMO.password}   ${u.departments.join(", ") || "(all)"}`).join("\n");
console.log(`
  Parley is running.

  Demo shop (visitor):  ${stack.demoOrigin}/        ← a different origin that embeds the widget
  Agent console:        ${stack.origin}/console/
  Admin pages:          ${stack.origin}/admin/
  API description:      ${stack.origin}/api/openapi.json

  Demo logins (tenant "Acme Outfitters"):
${users}

  Press Ctrl+C to stop.
`);
const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
