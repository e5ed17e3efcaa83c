// Checked by `tsc --noEmit` (and the build): each `@ts-expect-error` line must fail to compile.
// Vitest runs the file too, but the calls sit in functions it never invokes.
import { useActionState, type ComponentProps } from "react";
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { createActionFactory, ok, type ActionInput, type ActionResult } from "./safe-action";

const defineAction = createActionFactory({ getCaller: async () => null, getClientIp: async () => "203.0.113.7", logError: () => {} });

const bulkSchema = z.object({
  organisationId: z.string(),
  userIds: z.array(z.string()).min(1),
  note: z.string().optional(),
  // Callers may leave out what the schema defaults: they see its input type, not its output.
  notify: z.boolean().default(false),
});
type Bulk = { count: number; notify: boolean };

const bulk = defineAction({ input: bulkSchema, access: "admin" }, async (input) => ok({ count: input.userIds.length, notify: input.notify }));
const noInput = defineAction({ input: z.undefined(), access: "user" }, async () => ok({ ended: 1 }));
const anyInput = defineAction({ input: z.unknown(), access: "public" }, async () => ok());

/** Type-checks `calls` as a caller would write them, without running them. */
const typeOnly = (calls: () => unknown) => expectTypeOf(calls).toBeFunction();

describe("a defined action, as its callers' types see it", () => {
  it("takes the schema's input in a typed call and resolves to ActionResult<T>", () => {
    typeOnly(() => {
      expectTypeOf(bulk({ organisationId: "acme", userIds: ["a"] })).toEqualTypeOf<Promise<ActionResult<Bulk>>>();
      void bulk({ organisationId: "acme", userIds: ["a"], note: "n", notify: true });
      expectTypeOf<ActionInput<typeof bulk>>().toEqualTypeOf<z.input<typeof bulkSchema>>();
    });
  });

  it("refuses a renamed field, a wrong type, a missing or unknown field", () => {
    typeOnly(() => {
      // @ts-expect-error a renamed field
      void bulk({ organisationId: "acme", userId: ["a"] });
      // @ts-expect-error a wrong type
      void bulk({ organisationId: "acme", userIds: "a" });
      // @ts-expect-error a missing required field
      void bulk({ userIds: ["a"] });
      // @ts-expect-error a misspelled optional field
      void bulk({ organisationId: "acme", userIds: ["a"], nots: "n" });
      // @ts-expect-error no input at all
      void bulk();
    });
  });

  it("keeps actions without input callable with no argument", () => {
    typeOnly(() => {
      expectTypeOf(noInput()).toEqualTypeOf<Promise<ActionResult<{ ended: number }>>>();
      // @ts-expect-error an action without input takes none
      void noInput({ ended: 1 });
      expectTypeOf(anyInput()).toEqualTypeOf<Promise<ActionResult<void>>>();
      void anyInput("anything");
    });
  });

  it("takes FormData, alone or after a previous state", () => {
    typeOnly(() => {
      expectTypeOf(bulk(new FormData())).toEqualTypeOf<Promise<ActionResult<Bulk>>>();
      expectTypeOf(bulk(null, new FormData())).toEqualTypeOf<Promise<ActionResult<Bulk>>>();
      void bulk({ ok: false, error: "INVALID_INPUT" }, new FormData());
      // @ts-expect-error the second argument is a form's data
      void bulk(null, { organisationId: "acme", userIds: ["a"] });
    });
  });

  it("works with useActionState and <form action> as the forms use them", () => {
    function Form() {
      const [state, formAction] = useActionState(bulk, null);
      expectTypeOf(state).toEqualTypeOf<ActionResult<Bulk> | null>();
      expectTypeOf(formAction).toEqualTypeOf<(payload: FormData) => void>();
      expectTypeOf(formAction).toExtend<NonNullable<ComponentProps<"form">["action"]>>();
      // With the state spelled out, as the login form does.
      useActionState<ActionResult<unknown> | null, FormData>(bulk, null);
    }
    typeOnly(Form);
  });

  it("passes as a prop typed by the call it will receive", () => {
    expectTypeOf(bulk).toExtend<(formData: FormData) => Promise<ActionResult<Bulk>>>();
    expectTypeOf(anyInput).toExtend<(formData: FormData) => Promise<unknown>>();
    expectTypeOf(noInput).toExtend<() => Promise<ActionResult<{ ended: number }>>>();
    expectTypeOf(bulk).not.toExtend<() => Promise<unknown>>();
  });
});
