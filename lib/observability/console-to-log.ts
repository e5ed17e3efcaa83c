// Plain Node (server.ts calls it): every console line of the server process (Next's own
// errors of server components and actions, React's warnings, a library's console.warn) goes
// through the structured logger, so it is JSON like every other line and redacted like every
// other line. Nothing is dropped: strings become the message, errors the `error` field, other
// values `details` (redacted by their field names).
import { format, stripVTControlCharacters } from "node:util";
import type { Logger } from "pino";

type Level = "error" | "warn" | "info" | "debug";
const METHODS: Record<"error" | "warn" | "log" | "info" | "debug", Level> = {
  error: "error",
  warn: "warn",
  log: "info",
  info: "info",
  debug: "debug",
};
const ROUTED = Symbol.for("twofold.consoleRouted");
const FORMAT_SPECIFIER = /%[sdifjoOc%]/;

/** Replaces console.error/warn/log/info/debug with lines of `logger` (once per process). */
export function routeConsoleToLog(logger: Logger, target: Console = console): void {
  const holder = target as unknown as Record<symbol, boolean>;
  if (holder[ROUTED]) return;
  holder[ROUTED] = true;
  for (const [method, level] of Object.entries(METHODS) as [keyof typeof METHODS, Level][]) {
    const original = target[method].bind(target);
    let writing = false;
    target[method] = (...args: unknown[]) => {
      // A failure inside the logger must not loop back here, nor lose the line.
      if (writing) return original(...args);
      writing = true;
      try {
        const { fields, message } = consoleLine(args);
        logger[level]({ source: "console", ...fields }, message);
      } catch {
        original(...args);
      } finally {
        writing = false;
      }
    };
  }
}

/** A console call's arguments as one log line: the text, the first error, any other values. */
export function consoleLine(args: unknown[]): { fields: Record<string, unknown>; message: string } {
  const errors = args.filter((arg): arg is Error => arg instanceof Error);
  const rest = args.filter((arg) => !(arg instanceof Error));
  let message: string;
  let details: unknown[] = [];
  if (typeof rest[0] === "string" && FORMAT_SPECIFIER.test(rest[0])) {
    // console.error("Warning: %s", …) as Node would print it (the text is redacted by the logger).
    message = format(...rest);
  } else {
    message = rest.filter(isPrintable).map(String).join(" ");
    details = rest.filter((arg) => !isPrintable(arg));
  }
  const fields: Record<string, unknown> = {};
  if (errors[0]) fields.error = errors[0];
  if (errors.length > 1) fields.errors = errors.slice(1);
  if (details.length) fields.details = details;
  // Terminal colours (Next's "✓ Ready" lines) mean nothing in a log collector.
  return { fields, message: stripVTControlCharacters(message || (errors[0] ? errors[0].message : "")) };
}

function isPrintable(value: unknown): boolean {
  return value === null || value === undefined || ["string", "number", "boolean", "bigint"].includes(typeof value);
}
