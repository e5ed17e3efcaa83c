import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { beginSetup } from "@/lib/auth/login-flow";
import { beginSelfSetup } from "./begin-self-enrolment";

// Issue 14 §5: every wizard (the login's and Settings > Security's) names the organisation in
// the authenticator entry, through the one builder.
let test: TestDatabase;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

describe("the wizards' otpauth URI", () => {
  it("at login and in settings: issuer and label name the organisation", async () => {
    const { organisation, admin, member } = await createOrganisationWithUsers(test.db, "uri");
    await test.db.organisation.update({ where: { id: organisation.id }, data: { name: "Acme: Corp" } });
    await test.db.user.update({ where: { id: member.id }, data: { twoFactorStatus: "REQUIRED" } });

    const atLogin = await beginSetup({ db: test.db, keyring, userId: member.id });
    expect(atLogin!.otpauthUri).toMatch(
      /^otpauth:\/\/totp\/Twofold%20\(Acme%20Corp\):member%40uri\.test\?secret=[A-Z2-7]+&issuer=Twofold%20\(Acme%20Corp\)&/,
    );

    const inSettings = await beginSelfSetup({ db: test.db, keyring, user: admin });
    expect(inSettings.ok && inSettings.material.otpauthUri).toMatch(/^otpauth:\/\/totp\/Twofold%20\(Acme%20Corp\):admin%40uri\.test\?/);
  });
});
