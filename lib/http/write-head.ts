// Plain Node (server.ts loads it): a hook on the moment a response's head is written, so
// server.ts can add headers to whatever Next answers, however Next sets its own
// (setHeader, appendHeader, or writeHead's own argument).
import type http from "node:http";

export type GivenHeaders = http.OutgoingHttpHeaders | http.OutgoingHttpHeader[] | undefined;

/** Calls `edit` just before the head is written, with the headers writeHead itself was given (if any). */
export function beforeWriteHead(response: http.ServerResponse, edit: (given: GivenHeaders) => void): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    edit(args.find((arg, index) => index > 0 && typeof arg === "object" && arg !== null) as GivenHeaders);
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

/** The lower-case names among writeHead's own headers. */
export function givenHeaderNames(given: GivenHeaders): Set<string> {
  if (!given) return new Set();
  const names = Array.isArray(given) ? given.filter((_, i) => i % 2 === 0) : Object.keys(given);
  return new Set(names.map((name) => String(name).toLowerCase()));
}

/** Adds Set-Cookie values to those the app sets, wherever it set them. */
export function appendSetCookies(response: http.ServerResponse, cookies: string[]): void {
  beforeWriteHead(response, (given) => {
    const key = given && !Array.isArray(given) ? Object.keys(given).find((name) => name.toLowerCase() === "set-cookie") : undefined;
    if (given && !Array.isArray(given) && key) given[key] = [...[given[key] ?? []].flat().map(String), ...cookies];
    else response.appendHeader("Set-Cookie", cookies);
  });
}
