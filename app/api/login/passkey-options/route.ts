import { handlePasskeyOptions } from "@/lib/next/passkey-options-route";

export const POST = handlePasskeyOptions;
