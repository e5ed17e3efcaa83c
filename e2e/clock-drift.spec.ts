import { expect, test } from "./kit/fixtures";
import { codeOfAClockOff } from "./kit/totp";
import { AppShell } from "./pages/app-shell";
import { ChallengePage } from "./pages/challenge-page";
import { LoginPage } from "./pages/login-page";

// Issue 14 §2: a phone whose clock is off gives codes of steps outside the accepted window.
// Two such codes in a row, the same distance from now, tell the user what is wrong; one
// tells nothing (a guesser would learn which future step a guess hit). Never accepted.
test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

const DRIFT_MESSAGE = "Your phone's clock looks about 4 minutes fast";

test("codes from a phone 4 minutes fast: the first is just not valid, the second says the clock is off", async ({ page, member, signIn, db }) => {
  await signIn(page, member);
  await new AppShell(page).signOut();
  await new LoginPage(page).passwordStep(member.email, member.password);
  const challenge = new ChallengePage(page);

  // The phone's code now, 4 minutes ahead (8 steps): only the plain message.
  await challenge.enterCode(await codeOfAClockOff(member.setupKey!, 240));
  await challenge.answered();
  await expect(challenge.error).toHaveText("That code is not valid. Check your authenticator app and try again.");

  // Its next code (a step later on the phone: 4.5 minutes ahead now, or 4 a step later): the clock is off.
  await challenge.enterCode(await codeOfAClockOff(member.setupKey!, 270));
  await challenge.answered();
  await expect(challenge.error).toContainText(DRIFT_MESSAGE);
  await expect(challenge.error).toContainText("turn on automatic date and time");
  await expect(page).toHaveURL(/\/login\/verify/);

  // Refused and counted like any wrong code; audited with the diagnosis.
  const user = await db.user.findUniqueOrThrow({ where: { id: member.id! }, select: { twoFactorFailures: true } });
  expect(user.twoFactorFailures).toBe(2);
  const failed = await db.auditEvent.findMany({ where: { targetId: member.id!, type: "two_factor.failed" }, select: { detail: true } });
  expect(failed.map((event) => JSON.parse(event.detail!))).toContainEqual({ method: "totp", clockDriftMinutes: 4 });

  // A right code still signs in.
  await challenge.enterCode(await codeOfAClockOff(member.setupKey!, 30));
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("one code from a fast phone answers exactly as any wrong code", async ({ page, member, signIn }) => {
  await signIn(page, member);
  await new AppShell(page).signOut();
  await new LoginPage(page).passwordStep(member.email, member.password);
  const post = async (code: string) => {
    const response = await page.request.post("/api/login", {
      form: { step: "totp", code },
      headers: { Accept: "application/json", Origin: new URL(page.url()).origin },
    });
    return { status: response.status(), body: await response.json() };
  };
  const nearMiss = await post(await codeOfAClockOff(member.setupKey!, 240));
  const wrong = await post("000000" === (await codeOfAClockOff(member.setupKey!, 0)) ? "111111" : "000000");
  expect(nearMiss).toEqual({ status: 401, body: { ok: false, error: "INVALID_CODE" } });
  expect(wrong).toEqual(nearMiss);
});

test("without JavaScript the form's redirect carries the diagnosis to the page", async ({ page, member, signIn }) => {
  await signIn(page, member);
  await new AppShell(page).signOut();
  await new LoginPage(page).passwordStep(member.email, member.password);
  const origin = new URL(page.url()).origin;
  const post = (code: string) => page.request.post("/api/login", { form: { step: "totp", code }, headers: { Origin: origin }, maxRedirects: 0 });
  expect((await post(await codeOfAClockOff(member.setupKey!, 240))).headers().location).toBe("/login/verify?error=INVALID_CODE");
  const second = await post(await codeOfAClockOff(member.setupKey!, 270));
  expect(second.status()).toBe(303);
  expect(second.headers().location).toBe("/login/verify?error=INVALID_CODE&drift=4");
  await page.goto(second.headers().location!);
  await expect(new ChallengePage(page).error).toContainText(DRIFT_MESSAGE);
  // A drift outside what the server can diagnose is ignored.
  await page.goto("/login/verify?error=INVALID_CODE&drift=99");
  await expect(new ChallengePage(page).error).toHaveText("That code is not valid. Check your authenticator app and try again.");
});
