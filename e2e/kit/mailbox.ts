// What the e2e run's SMTP receiver has accepted (e2e/kit/smtp-receiver.ts), read from its
// directory and parsed with mailparser: tests wait for an email the way a user would.
import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { simpleParser } from "mailparser";
import { DOWN_FLAG } from "./smtp-receiver";

export interface ReceivedEmail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Every http(s) link in the plain-text part. */
  links: string[];
}

function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("No e2e mailbox: against BASE_URL, set MAILDEV_URL to the server's MailDev inbox (e.g. http://localhost:1080).");
  return dir;
}

/** Against a remote server (BASE_URL), its MailDev inbox's REST API, when MAILDEV_URL names it (the demo runs one). */
const maildevUrl = () => (process.env.E2E_MAIL_DIR ? null : process.env.MAILDEV_URL?.replace(/\/+$/, "") || null);

/** Whether this run can read the app's email (locally always; remotely with MAILDEV_URL). */
export const canReadEmail = () => Boolean(process.env.E2E_MAIL_DIR || maildevUrl());

interface MaildevEmail {
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string;
  from?: { address: string; name?: string }[];
  to?: { address: string }[];
  date?: string;
}

async function maildevEmails(url: string): Promise<ReceivedEmail[]> {
  const response = await fetch(`${url}/email`);
  if (!response.ok) throw new Error(`MailDev at ${url} answered ${response.status}`);
  const emails = (await response.json()) as MaildevEmail[];
  return emails
    .sort((a, b) => Date.parse(a.date ?? "") - Date.parse(b.date ?? ""))
    .map((mail) => {
      const text = mail.text ?? "";
      return {
        to: (mail.to ?? []).map((to) => to.address.toLowerCase()),
        from: (mail.from ?? []).map((from) => from.address).join(", "),
        subject: mail.subject ?? "",
        text,
        html: mail.html ?? "",
        messageId: mail.messageId ?? "",
        links: linksIn(text),
      };
    });
}

const linksIn = (text: string) => [...text.matchAll(/https?:\/\/[^\s<>"\])]+/g)].map((m) => m[0]);

const cache = new Map<string, ReceivedEmail>();

async function parse(file: string): Promise<ReceivedEmail> {
  const cached = cache.get(file);
  if (cached) return cached;
  const mail = await simpleParser(fs.readFileSync(file));
  const addresses = (value: typeof mail.to) =>
    value ? (Array.isArray(value) ? value : [value]).flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase())) : [];
  const text = mail.text ?? "";
  const parsed: ReceivedEmail = {
    to: addresses(mail.to),
    from: mail.from?.text ?? "",
    subject: mail.subject ?? "",
    text,
    html: typeof mail.html === "string" ? mail.html : "",
    messageId: mail.messageId ?? "",
    links: linksIn(text),
  };
  cache.set(file, parsed);
  return parsed;
}

/** Every email received so far to `address` (any case), oldest first. */
export async function emailsTo(address: string): Promise<ReceivedEmail[]> {
  const maildev = maildevUrl();
  if (maildev) return (await maildevEmails(maildev)).filter((mail) => mail.to.includes(address.toLowerCase()));
  const dir = mailDir();
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".eml"))
    .sort((a, b) => Number(a.split("-")[0]) - Number(b.split("-")[0]) || a.localeCompare(b));
  const all = await Promise.all(files.map((name) => parse(path.join(dir, name))));
  return all.filter((mail) => mail.to.includes(address.toLowerCase()));
}

/** Waits for an email to `address` whose subject matches; fails with what did arrive. */
export async function waitForEmail(address: string, subject: RegExp, options: { timeout?: number } = {}): Promise<ReceivedEmail> {
  let found: ReceivedEmail | undefined;
  await expect
    .poll(
      async () => {
        const received = await emailsTo(address);
        found = received.find((mail) => subject.test(mail.subject));
        return found ? "arrived" : `not yet; received: ${JSON.stringify(received.map((m) => m.subject))}`;
      },
      { message: `an email to ${address} with a subject matching ${subject}`, timeout: options.timeout ?? 30_000, intervals: [250, 500, 1000] },
    )
    .toBe("arrived");
  return found!;
}

/** The link in an email that starts with `${baseURL}${pathname}`. */
export function linkIn(email: ReceivedEmail, pathname: string): string {
  const link = email.links.find((candidate) => new URL(candidate).pathname === pathname);
  if (!link) throw new Error(`No ${pathname} link in "${email.subject}": ${email.links.join(", ") || "no links"}`);
  return link;
}

/** Takes the SMTP server down (its port stops answering) until smtpUp(). */
export function smtpDown() {
  fs.writeFileSync(path.join(mailDir(), DOWN_FLAG), "");
}

export function smtpUp() {
  fs.rmSync(path.join(mailDir(), DOWN_FLAG), { force: true });
}
