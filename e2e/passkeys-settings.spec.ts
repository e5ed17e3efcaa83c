import { expect, test } from "./kit/fixtures";
import { canReadEmail, waitForEmail } from "./kit/mailbox";
import { VirtualAuthenticator } from "./kit/virtual-authenticator";
import { SecuritySettings } from "./pages/security-settings";

// Settings > Security > Passkeys and security keys (issue 15): an enrolled user adds one (after
// their password and a code), renames it, and removes it confirming with the passkey itself.

test.skip(() => !canReadEmail(), "needs the run's mailbox (locally always; remotely MAILDEV_URL)");

test("a user adds a passkey from Settings > Security and renames it", async ({ page, member, signIn, totp }) => {
  const authenticator = await VirtualAuthenticator.attach(page);
  await signIn(page, member);
  const settings = new SecuritySettings(page);
  Object.assign(member, await settings.setUp());
  member.lastStep = Math.floor(Date.now() / 30_000);

  await settings.addPasskey("Work laptop", { password: member.password, code: await totp.code(member) });
  expect(await authenticator.credentials()).toHaveLength(1);
  const email = await waitForEmail(member.email, /A passkey was added/);
  expect(email.text).toContain("Work laptop");

  await settings.renamePasskey("Work laptop", "Desk laptop");
  await expect(settings.passkeyRows()).toHaveCount(1);
  await waitForEmail(member.email, /A passkey on your account was renamed/);
});
