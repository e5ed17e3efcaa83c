// Global setup of a local run: the SMTP receiver the app's servers send to (see
// mailServerEnv in config-base.ts). Its teardown stops it.
import { startSmtpReceiver } from "./smtp-receiver";

export default async function startMailReceiver() {
  const port = Number(process.env.E2E_SMTP_PORT);
  const dir = process.env.E2E_MAIL_DIR;
  if (!port || !dir) return;
  const receiver = startSmtpReceiver({ port, dir });
  await receiver.ready;
  return () => receiver.close();
}
