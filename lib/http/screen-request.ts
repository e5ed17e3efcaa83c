// Loaded by plain Node (server.ts); no "server-only". What server.ts does to every request
// before the Access List gate and Next: security headers on the response, and a server
// action request refused with a 4xx and its reason when Next would answer it with a 500
// (foreign Origin, body over the limit, body React cannot decode).
import http from "node:http";
import {
  ACTION_BODY_LIMIT_BYTES,
  actionRequestKind,
  bodyTooLarge,
  declaredLengthRefusal,
  multipartBodyRefusal,
  originRefusal,
  textBodyRefusal,
  unreadableMultipart,
  type ActionRequestKind,
  type Refusal,
} from "./action-request";
import { refusalResponse } from "./refusal-response";
import { defaultSecurityHeaders } from "./security-headers";
import { beforeWriteHead, givenHeaderNames } from "./write-head";

/**
 * Returns the request Next should handle (a copy carrying the body when it had to be read),
 * or null when the response has been sent already.
 */
export async function screenRequest(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  options: { https: boolean },
): Promise<http.IncomingMessage | null> {
  addHeadersUnlessSet(response, defaultSecurityHeaders(options));
  const kind = actionRequestKind(request.method, request.headers);
  if (!kind) return request;

  const declared = originRefusal(request.headers.origin, request.headers.host) ?? declaredLengthRefusal(request.headers["content-length"]);
  if (declared) return refuse(request, response, declared);
  const body = await readBody(request, ACTION_BODY_LIMIT_BYTES);
  if (body === "aborted") return null;
  if (body === "too large") return refuse(request, response, bodyTooLarge);
  const refusal = await bodyRefusal(kind, request.headers["content-type"], body);
  if (refusal) return refuse(request, response, refusal);
  return withBody(request, body);
}

/**
 * Sets each header when the response is written, unless whoever wrote it set its own (a
 * page's CSP from proxy.ts). Next appends some headers, so setting ours first would send both.
 */
function addHeadersUnlessSet(response: http.ServerResponse, headers: Record<string, string>) {
  beforeWriteHead(response, (given) => {
    const givenNames = givenHeaderNames(given);
    for (const [name, value] of Object.entries(headers)) {
      if (!response.hasHeader(name) && !givenNames.has(name.toLowerCase())) response.setHeader(name, value);
    }
  });
}

function refuse(request: http.IncomingMessage, response: http.ServerResponse, refusal: Refusal): null {
  const { status, headers, body } = refusalResponse(refusal, request.headers.accept);
  // An unread body stays unread: the connection closes after the answer (Node drains the rest).
  response.writeHead(status, { ...headers, ...(request.readableEnded ? {} : { Connection: "close" }) }).end(body);
  return null;
}

/** The body, up to the limit; past it the rest is discarded as it arrives. */
function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer | "too large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: Buffer | "too large" | "aborted") => {
      request.off("data", onData).off("end", onEnd).off("error", onAbort).off("close", onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle("too large");
      else chunks.push(chunk);
    };
    const onEnd = () => settle(Buffer.concat(chunks, size));
    const onAbort = () => settle("aborted");
    request.on("data", onData).on("end", onEnd).on("error", onAbort).on("close", onAbort);
  });
}

async function bodyRefusal(kind: ActionRequestKind, contentType: string | undefined, body: Buffer): Promise<Refusal | null> {
  if (!contentType?.startsWith("multipart/form-data")) {
    // A form post is only screened when multipart, so this is a fetch action's text body.
    return textBodyRefusal(body.toString("utf8"));
  }
  let form: FormData;
  try {
    // The parser Next itself uses for a form's multipart body.
    form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  } catch {
    return unreadableMultipart;
  }
  return multipartBodyRefusal(kind, form.entries());
}

/** A request like the original whose body (already read from the socket) is `body`. */
function withBody(original: http.IncomingMessage, body: Buffer): http.IncomingMessage {
  const copy = new http.IncomingMessage(original.socket);
  copy.method = original.method;
  copy.url = original.url;
  copy.httpVersion = original.httpVersion;
  copy.httpVersionMajor = original.httpVersionMajor;
  copy.httpVersionMinor = original.httpVersionMinor;
  copy.headers = { ...original.headers, "content-length": String(body.length) };
  delete copy.headers["transfer-encoding"];
  copy.rawHeaders = original.rawHeaders.flatMap((value, i, raw) =>
    i % 2 === 1 || /^(content-length|transfer-encoding)$/i.test(value) ? [] : [value, raw[i + 1] ?? ""],
  );
  copy.rawHeaders.push("Content-Length", String(body.length));
  copy.push(body);
  copy.push(null);
  // Complete: destroying it after use must not be taken for a client abort.
  copy.complete = true;
  return copy;
}
