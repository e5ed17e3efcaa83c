// PostgreSQL refuses a NUL character (0x00) in any text it is given, in a query's parameters as
// much as in a row: a value that carries one would end as a database error (a 500) instead of a
// clear answer. Every input that can reach a query is checked here first.

/** Whether a string, or any string inside an array or plain object, contains a NUL character. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).some(containsNul);
  return false;
}

/** For `.refine()`: the string has no NUL character. */
export const hasNoNul = (value: string) => !containsNul(value);

export const NUL_MESSAGE = "Remove the invisible control character (NUL) from what you entered.";
