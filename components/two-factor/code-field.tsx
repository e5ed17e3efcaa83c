import { TextField } from "@/components/ui/text-field";

/** The "Authentication code" input: numeric keypad and one-time-code autofill on phones. */
export function AuthenticationCodeField({ errors, autoFocus }: { errors?: string[]; autoFocus?: boolean }) {
  return (
    <TextField
      label="Authentication code"
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      maxLength={7}
      placeholder="123456"
      required
      autoFocus={autoFocus}
      errors={errors}
      hint="The 6-digit code your authenticator app shows for Twofold."
    />
  );
}
