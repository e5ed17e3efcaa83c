// A passkey for the flows: Chromium's virtual authenticator over CDP (WebAuthn domain),
// a CTAP2 platform authenticator ("internal") with resident keys and user verification, as
// e2e/README.md "Passkeys" describes. It belongs to one page: a new page (or a new browser)
// gets its own with `attach`, and `copyTo` puts the same passkeys in it.
// Works on http://localhost:<port> (RP ID localhost); an IP address is no valid RP ID.
import type { CDPSession, Page } from "@playwright/test";

export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

export class VirtualAuthenticator {
  private constructor(
    private readonly session: CDPSession,
    readonly authenticatorId: string,
  ) {}

  /** Adds a virtual authenticator to `page`: what navigator.credentials.create/get talk to from then on. */
  static async attach(page: Page, options: { userVerified?: boolean } = {}): Promise<VirtualAuthenticator> {
    const session = await page.context().newCDPSession(page);
    await session.send("WebAuthn.enable", { enableUI: false });
    const { authenticatorId } = await session.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: options.userVerified ?? true,
        automaticPresenceSimulation: true,
      },
    });
    return new VirtualAuthenticator(session, authenticatorId);
  }

  /** The passkeys it holds (with their private keys and counters). */
  async credentials(): Promise<VirtualCredential[]> {
    const { credentials } = await this.session.send("WebAuthn.getCredentials", { authenticatorId: this.authenticatorId });
    return credentials as VirtualCredential[];
  }

  /** Whether it reports the user as verified (PIN or biometric) from now on. */
  async setUserVerified(isUserVerified: boolean): Promise<void> {
    await this.session.send("WebAuthn.setUserVerified", { authenticatorId: this.authenticatorId, isUserVerified });
  }

  /** Forgets every passkey it holds (the device was wiped). */
  async clear(): Promise<void> {
    await this.session.send("WebAuthn.clearCredentials", { authenticatorId: this.authenticatorId });
  }

  /** A virtual authenticator on `page` holding the same passkeys (a synced passkey, or the same device in another browser). */
  async copyTo(page: Page): Promise<VirtualAuthenticator> {
    const copy = await VirtualAuthenticator.attach(page);
    for (const credential of await this.credentials()) {
      await copy.session.send("WebAuthn.addCredential", { authenticatorId: copy.authenticatorId, credential });
    }
    return copy;
  }

  async detach(): Promise<void> {
    await this.session.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: this.authenticatorId }).catch(() => undefined);
    await this.session.detach().catch(() => undefined);
  }
}
