import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { ErrorCode } from "@/lib/auth/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { containsNul, NUL_MESSAGE } from "@/lib/validations/text";
import { isDatabaseUnavailable } from "@/lib/database-unavailable";

/** What a caller of an action gets back for every expected outcome. */
export type ActionResult<T = void> =
  { ok: true; data: T } | { ok: false; error: ErrorCode; message?: string; fieldErrors?: Record<string, string[]> };

export interface ActionCaller {
  id: string;
  email: string;
  role: Role;
  organisationId: string;
  /** When this session's login happened (its 12-hour limit counts from here). */
  loginAt: Date;
  sessionId: string;
}

/** A session between its password step and its second-factor step. */
export interface PendingCaller {
  userId: string;
  sessionId: string;
  step: "challenge" | "setup";
}

/**
 * Who may call an action: "public" (no session needed), "two-factor" (only a login
 * waiting for its 2FA step: the challenge and setup actions), "user" (any signed-in user
 * who passed every login step) or "admin" (the same, with the admin role).
 */
export type ActionAccess = "public" | "two-factor" | "user" | "admin";

export interface ActionDeps {
  /** The caller of a session that passed every login step (2FA included), or null. */
  getCaller: () => Promise<ActionCaller | null>;
  /** The login waiting for its 2FA step, or null. */
  getPendingLogin?: () => Promise<PendingCaller | null>;
  /** The client's address as the app's server established it. */
  getClientIp: () => Promise<string>;
  /** Where unexpected failures are reported (the app's log); the user only sees a generic message. */
  logError: (error: unknown) => void;
  /**
   * Whether a query of this request met the database unavailable even though nothing threw
   * (Auth.js swallows a failed session read and reports "no session"): an action whose caller
   * lookup met it does not run, and a refusal that came of it is answered UNAVAILABLE.
   */
  databaseFailed?: () => boolean;
}

export type ActionContext<A extends ActionAccess> = { ip: string } & (A extends "public"
  ? { caller: ActionCaller | null }
  : A extends "two-factor"
    ? { pending: PendingCaller }
    : { caller: ActionCaller });

export function ok(): { ok: true; data: void };
export function ok<T>(data: T): { ok: true; data: T };
export function ok<T>(data?: T) {
  return { ok: true as const, data };
}

export function fail(
  error: ErrorCode,
  message?: string,
  fieldErrors?: Record<string, string[]>,
): { ok: false; error: ErrorCode; message?: string; fieldErrors?: Record<string, string[]> } {
  return { ok: false as const, error, message, fieldErrors };
}

/**
 * A defined action as its callers see it. Server actions reach client components as bare
 * references (no extra properties survive), so the typed call and the form paths are
 * overloads of the one function.
 */
export interface SafeAction<I, T> {
  /** A typed call (a button acting on a selection); no argument when the schema takes none. */
  (...input: undefined extends I ? [input?: I] : [input: I]): Promise<ActionResult<T>>;
  /** A form's fields, as `<form action>` passes them. */
  (formData: FormData): Promise<ActionResult<T>>;
  /** As `useActionState` calls it; the previous state, whatever the form keeps, is ignored. */
  (previousState: unknown, formData: FormData): Promise<ActionResult<T>>;
}

/** The input a defined action takes in a typed call (`Parameters<>` sees only its last overload). */
export type ActionInput<A> = A extends SafeAction<infer I, unknown> ? I : never;

/**
 * Builds the one wrapper every server action goes through: it finds the caller,
 * checks the role and that any `organisationId` in the input is the caller's own,
 * parses the input with zod, and turns unexpected errors into a generic failure
 * instead of a 500 (UNAVAILABLE while the database is unreachable). Redirects and
 * notFound() pass through.
 */
export function createActionFactory(deps: ActionDeps) {
  return function defineAction<S extends z.ZodType, A extends ActionAccess, T>(
    options: { input: S; access: A },
    handler: (input: z.infer<S>, context: ActionContext<A>) => Promise<ActionResult<T>>,
  ): SafeAction<z.input<S>, T> {
    // Called as action(input), or by useActionState/<form action> as action(previousState, formData).
    return async (first?: unknown, second?: unknown) => {
      const result = await run(first, second);
      // A refusal ("not signed in") that came of a read the outage made fail says why it really
      // failed; a success stands (what it saved is saved, and a retry would do it twice).
      return !result.ok && result.error !== "UNAVAILABLE" && deps.databaseFailed?.() ? fail("UNAVAILABLE") : result;
    };

    async function run(first?: unknown, second?: unknown): Promise<ActionResult<T>> {
      const raw = second instanceof FormData ? second : first;
      try {
        const caller = options.access === "two-factor" ? null : await deps.getCaller();
        const pending = options.access === "two-factor" ? ((await deps.getPendingLogin?.()) ?? null) : null;
        // Nobody found because the session could not be read: the action does not run at all
        // (a sign-out would clear the cookie of a session it could not end).
        if (deps.databaseFailed?.()) return fail("UNAVAILABLE");
        if (options.access === "two-factor" && !pending) return fail("UNAUTHENTICATED");
        if (options.access === "user" || options.access === "admin") {
          if (!caller) return fail("UNAUTHENTICATED");
          if (options.access === "admin" && caller.role !== "ADMIN") return fail("FORBIDDEN");
        }

        const parsed = options.input.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
        if (!parsed.success) {
          return fail("INVALID_INPUT", undefined, z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
        }
        // Whatever the schema allowed, a NUL character never reaches a query (PostgreSQL refuses it).
        if (containsNul(parsed.data)) return fail("INVALID_INPUT", NUL_MESSAGE);
        const input = parsed.data as z.infer<S>;
        if ((options.access === "user" || options.access === "admin") && !sameOrganisation(input, caller)) {
          return fail("FORBIDDEN");
        }

        const ip = await deps.getClientIp();
        const context = options.access === "two-factor" ? { ip, pending } : { ip, caller };
        return await handler(input, context as unknown as ActionContext<A>);
      } catch (error) {
        unstable_rethrow(error);
        deps.logError(error);
        // The database restarting is no bug of this action: the form says to try again shortly.
        return fail(isDatabaseUnavailable(error) ? "UNAVAILABLE" : "INTERNAL");
      }
    }
  };
}

function formDataToObject(formData: FormData): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of formData) {
    if (key.startsWith("$ACTION")) continue; // React's own fields
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

function sameOrganisation(input: unknown, caller: ActionCaller | null): boolean {
  if (typeof input !== "object" || input === null || !("organisationId" in input)) return true;
  return caller !== null && input.organisationId === caller.organisationId;
}
