import { expect, test } from "../kit/fixtures";
import { emailsTo, smtpDown, smtpUp, waitForEmail } from "../kit/mailbox";
import { AdminUsersPage } from "../pages/admin-users-page";

// The outbox across two instances: with the SMTP server down, admins' actions on either
// instance still succeed at once; when it comes back, every queued email arrives exactly once.
const A = () => process.env.E2E_INSTANCE_A!;
const B = () => process.env.E2E_INSTANCE_B!;
const REQUIRED = /Two-factor authentication is now required/;

test.use({ orgPolicy: { loginMethod: "two-factor" } });

test("SMTP down: actions on both instances succeed; SMTP back: each email arrives exactly once", async ({ org, members, newPage, db }) => {
  const users = [await members.create(), await members.create(), await members.create()];
  smtpDown();
  try {
    const onA = new AdminUsersPage(await newPage({ baseURL: A(), as: org.admin }));
    const onB = new AdminUsersPage(await newPage({ baseURL: B(), as: org.admin }));
    for (const [admin, user] of [
      [onA, users[0]!],
      [onB, users[1]!],
      [onB, users[2]!],
    ] as const) {
      await admin.goto(user.email);
      await admin.select(user.name);
      await admin.runBulk("Enable 2FA");
      await expect(admin.message("2FA enabled for 1 user.")).toBeVisible();
    }
    // The senders tried and failed: the emails wait in the outbox, none was lost or sent.
    const recipients = users.map((user) => user.email);
    await expect
      .poll(async () => db.outboxEmail.count({ where: { recipient: { in: recipients }, status: "QUEUED", lastError: { not: null } } }), {
        timeout: 20_000,
      })
      .toBe(3);
    for (const user of users) expect(await emailsTo(user.email)).toEqual([]);
  } finally {
    smtpUp();
  }
  const received = await Promise.all(users.map((user) => waitForEmail(user.email, REQUIRED)));
  // Two senders kept polling and retrying the whole time: still one email each.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  for (const user of users) expect((await emailsTo(user.email)).filter((mail) => REQUIRED.test(mail.subject))).toHaveLength(1);
  expect(new Set(received.map((mail) => mail.messageId)).size).toBe(3);
  expect(await db.outboxEmail.count({ where: { recipient: { in: users.map((user) => user.email) }, status: "SENT" } })).toBe(3);
});
