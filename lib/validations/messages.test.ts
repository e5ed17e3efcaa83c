import { describe, expect, it } from "vitest";
import { addUserSchema } from "./admin";
import { loginSchema } from "./auth";

const firstMessage = (result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }, field: string) =>
  result.error?.issues.find((issue) => issue.path[0] === field)?.message;

describe("the words of a refused form field", () => {
  it("speak to the person who typed it: 'your' email on the login form, 'the user's' in Add user", () => {
    expect(firstMessage(loginSchema.safeParse({ email: " ", password: "x" }), "email")).toBe("Enter your email address.");
    expect(firstMessage(addUserSchema.safeParse({ name: "Ann", email: "", role: "MEMBER" }), "email")).toBe("Enter the user's email address.");
    expect(firstMessage(addUserSchema.safeParse({ name: "Ann", email: "not-an-email", role: "MEMBER" }), "email")).toBe(
      "Enter a valid email address.",
    );
  });
});
