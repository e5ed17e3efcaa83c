import { z } from "zod";
import { stepUpSchema } from "@/lib/validations/two-factor";

// What a browser sends back from a WebAuthn ceremony (navigator.credentials.create/get as
// @simplewebauthn/browser serialises them), checked for shape and size before any of it is
// decoded. The login route and the actions receive it as one JSON string field.

const base64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, "Not base64url.");
const transports = z.array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"])).max(8);

const common = {
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.literal("public-key"),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

export const registrationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: base64url(4000),
    attestationObject: base64url(8000),
    transports: transports.optional(),
    // The rest (publicKey, authenticatorData...) is derived from the attestation object; ignored.
  }),
});

export const authenticationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: base64url(4000),
    authenticatorData: base64url(4000),
    signature: base64url(2000),
    userHandle: base64url(200).optional(),
  }),
});

export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;
export type AuthenticationResponse = z.infer<typeof authenticationResponseSchema>;

/** A ceremony's response posted as a JSON string (a form field): parsed, then checked like the rest. */
export function ceremonyResponseField<T extends z.ZodType>(schema: T) {
  return z
    .string({ error: "Your passkey's answer is missing: try again." })
    .max(16_000, "Your passkey's answer is too large.")
    .transform((value, context) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "Your passkey's answer could not be read: try again." });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** A passkey's name ("Work laptop"): 1–60 characters, no control characters. */
export const passkeyNameSchema = z
  .string()
  .trim()
  .min(1, "Give the passkey a name, such as the device it is on.")
  .max(60, "Keep the name to 60 characters.")
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "Remove the control characters from the name.");

/** The id of one of the caller's passkeys (a cuid; anything longer is not one of ours). */
export const passkeyIdSchema = z.string().min(1, "Choose a passkey.").max(64, "That is not a passkey of yours.");

/** Settings: "Add a passkey or security key", step one (the name, the password and a second factor). */
export const beginAddPasskeySchema = stepUpSchema({ name: passkeyNameSchema });

/** Step two: the authenticator's new credential and its name. */
export const addPasskeySchema = z.object({ response: ceremonyResponseField(registrationResponseSchema), name: passkeyNameSchema });

export const renamePasskeySchema = z.object({ id: passkeyIdSchema, name: passkeyNameSchema });

/** Removing a passkey: the password and a second factor. */
export const removePasskeySchema = stepUpSchema({ id: passkeyIdSchema });
/** The setup wizard's passkey step (its other way to finish, instead of an app's code): the new passkey's registration and its name. */
export const passkeySetupSchema = z.object({
  response: ceremonyResponseField(registrationResponseSchema),
  name: passkeyNameSchema,
  callbackUrl: z.string().max(2048).optional(),
});
