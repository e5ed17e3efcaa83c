// The app's structured log: one JSON object per line on stdout (pino), with the request's id,
// organisation, route and outcome where there is a request. Every line is redacted first
// (lib/observability/redact.ts). LOG_FORMAT=pretty (set by `npm run demo`) prints readable
// lines instead; LOG_LEVEL (default info) filters. One logger per process: server.ts and
// Next's bundle each load this module, so it lives on globalThis.
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { currentRequestContext } from "@/lib/request-context";
import { redactLogFields, redactText } from "@/lib/observability/redact";

export type { Logger } from "pino";

export interface LoggerOptions {
  level?: string;
  pretty?: boolean;
  /** Where lines go (tests pass a stream); stdout by default. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const stream =
    options.destination ??
    (options.pretty ? pretty({ sync: true, colorize: Boolean(process.stdout.isTTY), ignore: "pid,hostname" }) : pino.destination({ sync: false }));
  return pino(
    {
      level: options.level ?? "info",
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: "msg",
      errorKey: "error",
      // The log formatter below already turned errors into redacted fields: pino's own error
      // serializer must not run on them again (it would re-read the raw message and causes).
      serializers: { error: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        // Every line: the request it belongs to, then the redacted fields.
        log: (fields) => redactLogFields({ ...requestFields(), ...fields }) as Record<string, unknown>,
      },
      hooks: {
        // A message string is free text: mask it like any other string.
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === "string" ? redactText(arg) : arg)) as Parameters<typeof method>;
          return method.apply(this, redacted);
        },
      },
    },
    stream,
  );
}

function requestFields(): Record<string, unknown> {
  const context = currentRequestContext();
  if (!context) return {};
  return { requestId: context.requestId, ...(context.organisationId ? { organisationId: context.organisationId } : {}) };
}

function loggerFromEnv(env: Record<string, string | undefined> = process.env): Logger {
  const level = env.LOG_LEVEL?.trim() || (env.VITEST ? "silent" : "info");
  return createLogger({ level, pretty: env.LOG_FORMAT === "pretty" });
}

const KEY = Symbol.for("twofold.logger");
const holder = globalThis as unknown as Record<symbol, Logger | undefined>;

/** The process's logger. */
export const log: Logger = (holder[KEY] ??= loggerFromEnv());

/** For code that takes a `log: (error) => void` dependency (a server action's unexpected failure). */
export function logError(message: string): (error: unknown) => void {
  return (error) => log.error({ error }, message);
}

/**
 * For code that takes a `log: (message) => void` dependency (session job, mail sender, Access
 * List gate): an error line naming the component that wrote it.
 */
export function logProblem(component: string): (message: string) => void {
  return (message) => log.error({ component }, message);
}
