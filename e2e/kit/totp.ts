import { Secret, TOTP } from "otpauth";
import { recordSecret } from "./seen-secrets";

// What the user's authenticator app does: codes for the setup key shown in the wizard.
const PERIOD_MS = 30_000;

// Every key the kit uses and every code it computes is recorded for the log scan.
function totp(setupKey: string) {
  const secret = setupKey.replace(/\s+/g, "");
  recordSecret("totp-secret", secret);
  const generator = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
  return {
    generate(options?: { timestamp?: number }) {
      const code = generator.generate(options);
      recordSecret("code", code);
      return code;
    },
  };
}

/** The current code, after waiting out the last 2 seconds of a step so it cannot expire in flight. */
export async function currentCode(setupKey: string): Promise<string> {
  const remaining = TOTP.remaining({ period: 30 });
  if (remaining < 2000) await new Promise((resolve) => setTimeout(resolve, remaining + 100));
  return totp(setupKey).generate();
}

/** The code of the next step (T+1), which the server also accepts: a second login without waiting 30 s. */
export function nextStepCode(setupKey: string): string {
  return totp(setupKey).generate({ timestamp: Date.now() + PERIOD_MS });
}

/** A six-digit code that is surely wrong for this key now (neither this step's nor its neighbours'). */
export function wrongCode(setupKey: string): string {
  const valid = new Set([-1, 0, 1].map((step) => totp(setupKey).generate({ timestamp: Date.now() + step * PERIOD_MS })));
  const code = ["000000", "111111", "222222", "333333"].find((candidate) => !valid.has(candidate))!;
  recordSecret("code", code);
  return code;
}

/**
 * A code for a step this user has not used yet (the server refuses a step twice): this
 * step's, or the next one's (also accepted), or, when both are used, after waiting for it.
 */
export async function totpCode(user: { setupKey?: string; lastStep?: number }): Promise<string> {
  if (!user.setupKey) throw new Error("This user has not enrolled through the kit: no setup key.");
  const now = Date.now();
  let step = Math.floor(now / PERIOD_MS);
  if (now % PERIOD_MS > PERIOD_MS - 2000) step += 1;
  step = Math.max(step, (user.lastStep ?? 0) + 1);
  const wait = (step - 1) * PERIOD_MS - now;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 100));
  user.lastStep = step;
  return totp(user.setupKey).generate({ timestamp: step * PERIOD_MS });
}

/**
 * The code a phone whose clock is `seconds` off (ahead if positive) shows now, never in the last
 * 1.5 s of a step, so it cannot change in flight (the clock drift diagnosis, issue 14 §2).
 */
export async function codeOfAClockOff(setupKey: string, seconds: number): Promise<string> {
  const remaining = TOTP.remaining({ period: 30 });
  if (remaining < 1500) await new Promise((resolve) => setTimeout(resolve, remaining + 100));
  return totp(setupKey).generate({ timestamp: Date.now() + seconds * 1000 });
}
