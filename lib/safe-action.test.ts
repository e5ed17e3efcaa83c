import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createActionFactory, fail, ok, type ActionCaller } from "./safe-action";

const acmeAdmin: ActionCaller = { id: "u1", email: "admin@acme.test", role: "ADMIN", organisationId: "acme", loginAt: new Date(), sessionId: "s1" };
const acmeMember: ActionCaller = { ...acmeAdmin, id: "u2", email: "alice@acme.test", role: "MEMBER" };

const input = z.object({ organisationId: z.string(), userIds: z.array(z.string()).min(1, "Pick at least one user.") });

function build(caller: ActionCaller | null) {
  const handler = vi.fn(async (parsed: z.infer<typeof input>) => ok({ count: parsed.userIds.length }));
  const defineAction = createActionFactory({
    getCaller: async () => caller,
    getClientIp: async () => "203.0.113.7",
    logError: () => {},
  });
  return { handler, action: defineAction({ input, access: "admin" }, handler) };
}

describe("the action wrapper", () => {
  it("runs the handler for an admin of the organisation with valid input", async () => {
    const { action, handler } = build(acmeAdmin);
    await expect(action({ organisationId: "acme", userIds: ["a", "b"] })).resolves.toEqual({ ok: true, data: { count: 2 } });
    expect(handler).toHaveBeenCalledOnce();
  });

  it("refuses a caller without a session", async () => {
    const { action, handler } = build(null);
    await expect(action({ organisationId: "acme", userIds: ["a"] })).resolves.toMatchObject({ ok: false, error: "UNAUTHENTICATED" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a member calling an admin action", async () => {
    const { action, handler } = build(acmeMember);
    await expect(action({ organisationId: "acme", userIds: ["a"] })).resolves.toMatchObject({ ok: false, error: "FORBIDDEN" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses an admin acting on another organisation", async () => {
    const { action, handler } = build(acmeAdmin);
    await expect(action({ organisationId: "globex", userIds: ["a"] })).resolves.toMatchObject({ ok: false, error: "FORBIDDEN" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses invalid input with a message per field", async () => {
    const { action, handler } = build(acmeAdmin);
    const result = await action({ organisationId: "acme", userIds: [] });
    expect(result).toMatchObject({ ok: false, error: "INVALID_INPUT", fieldErrors: { userIds: ["Pick at least one user."] } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a NUL character anywhere in the input with a message, before the handler (PostgreSQL would fail on it)", async () => {
    const { action, handler } = build(acmeAdmin);
    const result = await action({ organisationId: "acme", userIds: ["a", "b\u0000"] });
    expect(result).toMatchObject({ ok: false, error: "INVALID_INPUT", message: expect.stringContaining("NUL") });
    expect(handler).not.toHaveBeenCalled();
  });

  it("reads FormData, repeated fields becoming arrays", async () => {
    const { action } = build(acmeAdmin);
    const form = new FormData();
    form.append("organisationId", "acme");
    form.append("userIds", "a");
    form.append("userIds", "b");
    await expect(action(form)).resolves.toEqual({ ok: true, data: { count: 2 } });
    // As useActionState calls it: (previous state, form data).
    await expect(action({ ok: false, error: "INVALID_INPUT" }, form)).resolves.toEqual({ ok: true, data: { count: 2 } });
  });

  it("turns an unexpected error into a generic failure, without its details", async () => {
    const defineAction = createActionFactory({
      getCaller: async () => acmeAdmin,
      getClientIp: async () => "203.0.113.7",
      logError: () => {},
    });
    const action = defineAction({ input: z.object({}), access: "user" }, async () => {
      throw new Error("SQLITE_BUSY: secret internals");
    });
    const result = await action({});
    expect(result).toEqual({ ok: false, error: "INTERNAL", message: undefined, fieldErrors: undefined });
  });

  it("runs a two-factor action only for a login waiting for its 2FA step", async () => {
    const build2fa = (pending: { userId: string; sessionId: string; step: "challenge" } | null) =>
      createActionFactory({
        getCaller: async () => acmeAdmin,
        getPendingLogin: async () => pending,
        getClientIp: async () => "203.0.113.7",
        logError: () => {},
      })({ input: z.object({ code: z.string() }), access: "two-factor" }, async (_input, context) => ok(context.pending.userId));
    await expect(build2fa({ userId: "u9", sessionId: "s9", step: "challenge" })({ code: "123456" })).resolves.toEqual({ ok: true, data: "u9" });
    // A fully signed-in caller is not a pending login.
    await expect(build2fa(null)({ code: "123456" })).resolves.toMatchObject({ ok: false, error: "UNAUTHENTICATED" });
  });

  it("lets a public action run without a session and hands it the client IP", async () => {
    const defineAction = createActionFactory({ getCaller: async () => null, getClientIp: async () => "198.51.100.4", logError: () => {} });
    const action = defineAction({ input: z.object({ email: z.string() }), access: "public" }, async (parsed, context) =>
      ok({ email: parsed.email, ip: context.ip, caller: context.caller }),
    );
    await expect(action({ email: "x@y.test" })).resolves.toEqual({
      ok: true,
      data: { email: "x@y.test", ip: "198.51.100.4", caller: null },
    });
  });

  it("answers UNAVAILABLE when the database failed under it without a throw (a session read Auth.js swallowed)", async () => {
    let failed = false;
    const defineAction = createActionFactory({
      // As getCurrentUser reports when Auth.js could not read the session: nobody.
      getCaller: async () => {
        failed = true;
        return null;
      },
      getClientIp: async () => "198.51.100.4",
      logError: () => {},
      databaseFailed: () => failed,
    });
    const handler = vi.fn(async () => ok());
    const signOut = defineAction({ input: z.unknown(), access: "public" }, handler);
    const adminOnly = defineAction({ input, access: "admin" }, handler);
    await expect(signOut({})).resolves.toMatchObject({ ok: false, error: "UNAVAILABLE" });
    await expect(adminOnly({ organisationId: "acme", userIds: ["a"] })).resolves.toMatchObject({ ok: false, error: "UNAVAILABLE" });
    // Neither ran: a sign-out would have cleared the cookie of a session it could not end.
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers UNAVAILABLE for a refusal that came of the handler's own failed read, and keeps a success", async () => {
    let failed = false;
    const defineAction = createActionFactory({
      getCaller: async () => acmeAdmin,
      getClientIp: async () => "198.51.100.4",
      logError: () => {},
      databaseFailed: () => failed,
    });
    // As a handler that asked Auth.js again and was told "nobody".
    const refused = defineAction({ input, access: "admin" }, async () => {
      failed = true;
      return fail("UNAUTHENTICATED");
    });
    await expect(refused({ organisationId: "acme", userIds: ["a"] })).resolves.toMatchObject({ ok: false, error: "UNAVAILABLE" });
    // A handler that saved its work before some later read failed: the user sees it done.
    failed = false;
    const saved = defineAction({ input, access: "admin" }, async () => {
      failed = true;
      return ok({ issued: true });
    });
    await expect(saved({ organisationId: "acme", userIds: ["a"] })).resolves.toEqual({ ok: true, data: { issued: true } });
  });
});
