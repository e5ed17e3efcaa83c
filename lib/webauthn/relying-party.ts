import { appBaseUrl } from "@/lib/env";

// The relying party of every WebAuthn ceremony (issue 15): Twofold at APP_URL. A passkey is
// scoped to its host (the RP ID), and each ceremony's origin must be APP_URL's exactly, so a
// look-alike site that relays the login gets a signature that is worth nothing here.

export interface RelyingParty {
  /** The host of APP_URL ("localhost" in the demo; an IP address is not a valid RP ID). */
  id: string;
  /** What authenticators show next to the account. */
  name: string;
  /** APP_URL's origin: the only one a ceremony is accepted from. */
  origin: string;
}

export function relyingParty(env: Record<string, string | undefined> = process.env): RelyingParty {
  const url = new URL(appBaseUrl(env));
  return { id: url.hostname, name: "Twofold", origin: url.origin };
}
