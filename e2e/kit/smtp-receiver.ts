// A real SMTP server for the e2e run (smtp-server from npm), started once by the global
// setup: every message it accepts is written as an .eml file to the run's mail directory,
// where the workers' mailbox (e2e/kit/mailbox.ts) reads it. A flag file in that directory
// takes it down (the port stops listening) and removing it brings it back: that is how a
// test stops and starts "the mail server".
import fs from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export const DOWN_FLAG = ".smtp-down";

export function startSmtpReceiver(options: { port: number; dir: string }) {
  fs.mkdirSync(options.dir, { recursive: true });
  let count = 0;
  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const name = `${Date.now()}-${process.pid}-${++count}.eml`;
          // Written under a temporary name first, so a reader never sees half a message.
          const file = path.join(options.dir, name);
          fs.writeFileSync(`${file}.part`, Buffer.concat(chunks));
          fs.renameSync(`${file}.part`, file);
          callback();
        });
      },
    });
  let server: SMTPServer | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = create();
      next.once("error", reject);
      next.listen(options.port, "127.0.0.1", () => {
        server = next;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = null;
      if (!current) return resolve();
      current.close(() => resolve());
    });
  const flag = path.join(options.dir, DOWN_FLAG);
  let busy = false;
  const watcher = setInterval(() => {
    if (busy) return;
    const wantDown = fs.existsSync(flag);
    if (wantDown === (server === null)) return;
    busy = true;
    void (wantDown ? down() : listen()).finally(() => (busy = false));
  }, 100);
  return {
    ready: listen(),
    async close() {
      clearInterval(watcher);
      await down();
    },
  };
}
