// Loaded by plain Node (server.ts, through screen-request.ts) before Next sees a request;
// no "server-only". What Next would treat as a server action, and whether it may reach it.
import { replyRowsProblem, type ReplyRows } from "./action-reply";

/** Next's serverActions.bodySizeLimit default (1 MB); server.ts refuses larger bodies first. */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * "fetch": a call from the client router (Next-Action header); "form": a multipart form post,
 * which Next decodes as an action when it names one (a form submitted before hydration).
 * Mirrors Next's getServerActionRequestMetadata.
 */
export type ActionRequestKind = "fetch" | "form";

export function actionRequestKind(
  method: string | undefined,
  headers: { "next-action"?: unknown; "content-type"?: unknown },
): ActionRequestKind | null {
  if (method !== "POST") return null;
  if (typeof headers["next-action"] === "string") return "fetch";
  if (typeof headers["content-type"] === "string" && headers["content-type"].startsWith("multipart/form-data")) return "form";
  return null;
}

export type Refusal = { status: 400 | 403 | 413; code: string; message: string };

const shown = (value: string) => (value.length > 100 ? `${value.slice(0, 100)}…` : value);

/**
 * Server actions are CSRF-protected by their Origin: its host must be the request's Host.
 * Browsers always send Origin on a POST, so a missing one is a hand-made request: refused too.
 */
export function originRefusal(origin: string | undefined, host: string | undefined): Refusal | null {
  if (!origin) {
    return { status: 403, code: "ORIGIN_MISSING", message: "Server action refused: the request has no Origin header." };
  }
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return { status: 403, code: "ORIGIN_MISMATCH", message: `Server action refused: Origin "${shown(origin)}" is not a valid origin.` };
  }
  // Host parsed the way the Origin is, so default ports and letter case compare equal.
  let hostOfRequest: string | null = null;
  try {
    if (host && /^[\w.\-[\]:]+$/.test(host) && originUrl.host) hostOfRequest = new URL(`${originUrl.protocol}//${host}`).host;
  } catch {
    hostOfRequest = null;
  }
  if (!hostOfRequest || hostOfRequest !== originUrl.host) {
    return {
      status: 403,
      code: "ORIGIN_MISMATCH",
      message: `Server action refused: Origin ${shown(origin)} is not this site (${shown(host ?? "no Host header")}).`,
    };
  }
  return null;
}

export function declaredLengthRefusal(contentLength: string | undefined): Refusal | null {
  if (contentLength === undefined) return null;
  const length = Number(contentLength);
  if (!/^\d+$/.test(contentLength) || !Number.isSafeInteger(length)) {
    return { status: 400, code: "ACTION_BODY_INVALID", message: "Server action refused: Content-Length is not a number." };
  }
  return length > ACTION_BODY_LIMIT_BYTES ? bodyTooLarge : null;
}

export const bodyTooLarge: Refusal = {
  status: 413,
  code: "ACTION_BODY_TOO_LARGE",
  message: `Server action refused: the request body is larger than ${ACTION_BODY_LIMIT_BYTES / 1024 / 1024} MB.`,
};

const invalidBody = (reason: string): Refusal => ({
  status: 400,
  code: "ACTION_BODY_INVALID",
  message: `Server action refused: ${reason}.`,
});

/**
 * A fetch action's body that is not multipart is one JSON row: the list of arguments. It
 * cannot refer to other rows (React only sends a plain body when there are none).
 */
export function textBodyRefusal(body: string): Refusal | null {
  const problem = replyRowsProblem({ rows: new Map([["0", body]]), blobs: new Set(), prefix: "", root: "arguments" });
  return problem ? invalidBody(problem) : null;
}

/**
 * A multipart body, parsed: a fetch action's arguments start at row "0"; a form names each
 * action it binds as $ACTION_REF_<n> with its rows under the prefix "$ACTION_<n>:".
 */
export function multipartBodyRefusal(kind: ActionRequestKind, entries: Iterable<[string, string | Blob]>): Refusal | null {
  const rows: ReplyRows["rows"] = new Map();
  const blobs = new Set<string>();
  for (const [name, value] of entries) {
    if (typeof value === "string") rows.set(name, value);
    else blobs.add(name);
  }
  if (kind === "fetch") {
    const problem = replyRowsProblem({ rows, blobs, prefix: "", root: "arguments" });
    return problem ? invalidBody(problem) : null;
  }
  for (const name of rows.keys()) {
    if (!name.startsWith("$ACTION_REF_")) continue;
    const problem = replyRowsProblem({ rows, blobs, prefix: `$ACTION_${name.slice("$ACTION_REF_".length)}:`, root: "bound action" });
    if (problem) return invalidBody(problem);
  }
  return null;
}

export const unreadableMultipart = invalidBody("the multipart body cannot be read");
