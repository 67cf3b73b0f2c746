import nodemailer from "nodemailer";
import type { Mailer } from "./service.js";

/** An SMTP mailer for `SMTP_URL` (smtp://user:pass@host:587, smtps://… for TLS). */
export function smtpMailer(smtpUrl: string): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      return { messageId: String(info.messageId ?? "") };
    },
    close: () => transport.close(),
  };
}
