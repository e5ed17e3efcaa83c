// The browser a passkey sign-in challenge is bound to: a random value in an HttpOnly cookie,
// read back only under this protocol's name and format, and kept by a browser that asks again
// (so its earlier challenge is replaced rather than piling up).
import { describe, expect, it } from "vitest";
import {
  newPasskeySignInBrowser,
  passkeySignInBrowser,
  passkeySignInBrowserHash,
  passkeySignInCookieName,
  passkeySignInToken,
} from "./passkey-sign-in-browser";

describe("the passkey sign-in browser", () => {
  it("reads its value back only under its own name, __Host- over https", () => {
    const { token, browserHash } = newPasskeySignInBrowser();
    expect(passkeySignInCookieName(true)).toBe("__Host-twofold.passkey-sign-in");
    expect(passkeySignInBrowserHash(`a=b; twofold.passkey-sign-in=${token}`, false)).toBe(browserHash);
    expect(passkeySignInBrowserHash(`twofold.passkey-sign-in=${token}`, true)).toBeNull();
    expect(passkeySignInToken(`twofold.passkey-sign-in=${token}x`, false)).toBeNull();
    expect(passkeySignInToken("twofold.passkey-sign-in=%00", false)).toBeNull();
  });

  it("keeps the value a browser already holds, and makes a new one for a browser without", () => {
    const held = newPasskeySignInBrowser();
    expect(passkeySignInBrowser(held.token)).toEqual(held);
    const fresh = passkeySignInBrowser(null);
    expect(fresh.token).not.toBe(held.token);
    expect(fresh.browserHash).not.toBe(held.browserHash);
  });
});
