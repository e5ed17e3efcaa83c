// SMTP through nodemailer. One transport per sender; a new connection per message, so an
// SMTP server that went away and came back just works on the next try.
import nodemailer from "nodemailer";

export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
}

export interface MailTransport {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl, {
    // A slow or silent server fails the try well inside the sender's lease.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transporter.sendMail({ ...message, headers: { "Auto-Submitted": "auto-generated" } });
    },
    close: () => transporter.close(),
  };
}
