/**
 * The header through which server.ts hands the client's address to the app. It is
 * removed from every incoming request first, so a client cannot set it.
 */
export const CLIENT_IP_HEADER = "x-twofold-client-ip";

export function clientIpFrom(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
