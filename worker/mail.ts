/**
 * Outgoing e-mail through the `send_email` binding. Locally the message lands in wrangler's
 * outbox (a file whose path wrangler prints); its body is never written to our own logs.
 */
export async function sendMail(env: Pick<Env, "MAILER" | "MAIL_FROM">, mail: { to: string; subject: string; text: string }): Promise<void> {
  await env.MAILER.send({ from: { name: "Parley", email: env.MAIL_FROM }, to: mail.to, subject: mail.subject, text: mail.text });
}
