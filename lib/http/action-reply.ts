// Loaded by plain Node (server.ts) before Next; no "server-only". Checks a server action's
// arguments as React encodes them (its "reply": JSON rows that refer to one another with
// "$"-strings), so that a malformed one is a 400 here instead of an exception inside React's
// decoder, which Next answers with a 500. Follows parseModelString and fulfillReference in
// react-server-dom's ReactFlightReplyServer, for the part of the encoding Twofold's actions
// use (JSON, dates, undefined, bigints, FormData, files, promises, repeated objects); an
// action that ever takes a Map, Set, iterator, typed array, stream or function extends this.

export type ReplyRows = {
  /** String fields of the body by name; the text body of a fetch action is row "0". */
  rows: Map<string, string>;
  /** Names of the file fields (Blobs). */
  blobs: Set<string>;
  /** "" for a fetch action, "$ACTION_<n>:" for a form's bound action. */
  prefix: string;
  /** What row 0 must hold: the argument list of a call, or a form's {id, bound}. */
  root: "arguments" | "bound action";
};

// Values React writes inline: escaped "$", temporary references, undefined, NaN, ±Infinity,
// -0, dates, FormData entries (read by name; absent ones are just missing).
const INLINE_TAGS = new Set([..."$THINu-DK"]);
// Maps, Sets, iterators, server functions, typed arrays, streams: valid React, never Twofold's.
const UNSUPPORTED_TAGS = new Set([..."QWihAOoUSsLlGgMmVRrXx"]);
// Far deeper than any form or call sends; React's decoder recurses and would overflow.
const MAX_DEPTH = 64;
// Keys walked while following references (through references): a 1 MB body needs fewer.
const MAX_FOLLOW_STEPS = 1_000_000;

class ReplyProblem extends Error {}

/** Why React could not decode these rows, in a few words; null when it can. */
export function replyRowsProblem(reply: ReplyRows): string | null {
  try {
    new ReplyCheck(reply).check();
    return null;
  } catch (error) {
    if (error instanceof ReplyProblem) return error.message;
    throw error;
  }
}

class ReplyCheck {
  private parsed = new Map<string, unknown>();
  private pending: string[] = [];
  private steps = 0;

  constructor(private reply: ReplyRows) {}

  check() {
    const rootName = `${this.reply.prefix}0`;
    if (!this.reply.rows.has(rootName)) throw new ReplyProblem("the body has no arguments");
    const root = this.row(rootName, "the body is not JSON");
    if (this.reply.root === "arguments" && !Array.isArray(root)) throw new ReplyProblem("the arguments are not a list");
    if (this.reply.root === "bound action" && !(isPlainJsonObject(root) && typeof root.id === "string")) {
      throw new ReplyProblem("the form's action is not an action reference");
    }
    const walked = new Set<string>();
    this.pending.push(rootName);
    for (let name = this.pending.pop(); name !== undefined; name = this.pending.pop()) {
      if (walked.has(name)) continue;
      walked.add(name);
      this.walk(this.row(name, "a part of the body is not JSON"));
    }
  }

  /** A row parsed once; refuses a missing one. */
  private row(name: string, notJson: string): unknown {
    if (this.parsed.has(name)) return this.parsed.get(name);
    const text = this.reply.rows.get(name);
    if (text === undefined) throw new ReplyProblem("the body refers to a part it does not have");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ReplyProblem(notJson);
    }
    this.parsed.set(name, value);
    return value;
  }

  private walk(value: unknown) {
    const stack: [unknown, number][] = [[value, 0]];
    for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
      const [item, depth] = entry;
      if (depth > MAX_DEPTH) throw new ReplyProblem("the body is nested too deeply");
      if (typeof item === "string") this.string(item);
      else if (typeof item === "object" && item !== null) {
        for (const child of Object.values(item)) stack.push([child, depth + 1]);
      }
    }
  }

  private string(value: string) {
    if (!value.startsWith("$")) return;
    const tag = value[1] ?? "";
    if (INLINE_TAGS.has(tag)) return;
    if (UNSUPPORTED_TAGS.has(tag)) throw new ReplyProblem("the body holds a value type Twofold does not accept");
    if (tag === "n") {
      const digits = value.slice(2);
      if (!/^-?\d+$/.test(digits) || digits.length > 300) throw new ReplyProblem("the body holds an invalid number");
      return;
    }
    if (tag === "B") {
      if (!this.reply.blobs.has(this.rowName(value.slice(2)))) throw new ReplyProblem("the body refers to a file it does not have");
      return;
    }
    // "$@<id>" (a promise of a row) or "$<id>[:key…]" (a row, or a value inside one).
    const [id = "", ...path] = (tag === "@" ? value.slice(2) : value.slice(1)).split(":");
    const name = this.rowName(id);
    this.row(name, "a part of the body is not JSON");
    this.pending.push(name);
    if (tag !== "@" && path.length > 0) this.follow(name, path);
  }

  /** React reads the id with parseInt(…, 16), leniently like this, and the row by its decimal name. */
  private rowName(hexId: string) {
    return `${this.reply.prefix}${parseInt(hexId, 16)}`;
  }

  /** React walks a reference's keys through plain objects and arrays only, own keys only. */
  private follow(name: string, path: string[], depth = 0): unknown {
    if (depth > MAX_DEPTH) throw new ReplyProblem("the body refers in circles");
    let value = this.row(name, "a part of the body is not JSON");
    for (const key of path) {
      // A reference met on the way stands for the value it refers to.
      while (typeof value === "string" && /^\$[0-9a-f]/i.test(value)) {
        if (++this.steps > MAX_FOLLOW_STEPS) throw new ReplyProblem("the body refers in circles");
        const [id = "", ...rest] = value.slice(1).split(":");
        value = this.follow(this.rowName(id), rest, depth + 1);
      }
      if (++this.steps > MAX_FOLLOW_STEPS) throw new ReplyProblem("the body refers in circles");
      value = ownValue(value, key);
    }
    return value;
  }
}

function ownValue(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) {
    throw new ReplyProblem("the body refers to a value it does not have");
  }
  return (value as Record<string, unknown>)[key];
}

function isPlainJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
