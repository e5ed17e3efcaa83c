import { describe, expect, it } from "vitest";
import { containsNul } from "./text";
import { userExportParamsSchema, userTableParamsSchema } from "./admin";
import { auditFilterSchema } from "./audit";

describe("NUL characters in input", () => {
  it("are found in strings, arrays and plain objects, however deep", () => {
    expect(containsNul("a\u0000b")).toBe(true);
    expect(containsNul({ a: [{ b: "x\u0000" }] })).toBe(true);
    expect(containsNul({ a: ["line one\nline two", 3, null] })).toBe(false);
  });

  it("never reach a query from the users table, its export or the audit log's filters", () => {
    expect(userTableParamsSchema.parse({ q: "ali\u0000ce" }).q).toBe("");
    expect(userExportParamsSchema.safeParse({ q: "\u0000" }).error?.issues[0]?.message).toMatch(/NUL/);
    expect(auditFilterSchema.parse({ user: "a\u0000", actor: "\u0000" })).toMatchObject({ user: undefined, actor: undefined });
  });
});
