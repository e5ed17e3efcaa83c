// SMTP through nodemailer: a small pool of reused connections per sender (a new connection
// per message costs a handshake each); a server that went away and came back gets new ones.
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

/** Emails one sender sends at the same time. */
export const SEND_CONCURRENCY = 4;

export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl, {
    pool: true,
    maxConnections: SEND_CONCURRENCY,
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
