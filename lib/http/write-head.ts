// Plain Node (server.ts loads it): a hook on the moment a response's head is written, so
// server.ts can add headers to whatever Next answers, however Next sets its own
// (setHeader, appendHeader, or writeHead's own argument).
import type http from "node:http";

export type GivenHeaders = http.OutgoingHttpHeaders | http.OutgoingHttpHeader[] | undefined;

/** The headers among writeHead's arguments (status, optional status message, headers), if any. */
export function givenHeadersOf(writeHeadArgs: readonly unknown[]): GivenHeaders {
  return writeHeadArgs.find((arg, index) => index > 0 && typeof arg === "object" && arg !== null) as GivenHeaders;
}

/** Calls `edit` just before the head is written, with the headers writeHead itself was given (if any). */
export function beforeWriteHead(response: http.ServerResponse, edit: (given: GivenHeaders) => void): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    edit(givenHeadersOf(args));
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

/** Removes the Set-Cookie values `drop` picks, wherever the app set them (setHeader, appendHeader, or writeHead's own headers). */
export function removeSetCookies(response: http.ServerResponse, given: GivenHeaders, drop: (setCookie: string) => boolean): void {
  const keep = (values: unknown) =>
    [values]
      .flat()
      .map(String)
      .filter((value) => !drop(value));
  const set = response.getHeader("set-cookie");
  if (set !== undefined) {
    const kept = keep(set);
    if (kept.length) response.setHeader("set-cookie", kept);
    else response.removeHeader("set-cookie");
  }
  if (!given) return;
  if (Array.isArray(given)) {
    // Node's flat form: [name, value, name, value, …].
    for (let index = given.length - 2; index >= 0; index -= 2) {
      if (String(given[index]).toLowerCase() === "set-cookie" && drop(String(given[index + 1]))) given.splice(index, 2);
    }
    return;
  }
  for (const name of Object.keys(given)) if (name.toLowerCase() === "set-cookie") given[name] = keep(given[name]);
}
