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

/** SMTP_URL with our pool and timeouts added, unless the URL's own query sets them. */
export function transportUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const defaults = {
    pool: "true",
    maxConnections: String(SEND_CONCURRENCY),
    // A slow or silent server fails the try well inside the sender's lease.
    connectionTimeout: "15000",
    greetingTimeout: "15000",
    socketTimeout: "30000",
  };
  for (const [key, value] of Object.entries(defaults)) if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  return url.toString();
}

export function smtpTransport(smtpUrl: string): MailTransport {
  // nodemailer reads options from the URL's query and ignores a second argument's transport options.
  const transporter = nodemailer.createTransport(transportUrl(smtpUrl));
  return {
    async send(message) {
      await transporter.sendMail({ ...message, headers: { "Auto-Submitted": "auto-generated" } });
    },
    close: () => transporter.close(),
  };
}
