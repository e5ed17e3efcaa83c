-- "Standard" now means that nobody in the organisation is asked for a code (DESIGN §1).
-- Until now the login method did not change who was asked, so an organisation that
-- already enforces 2FA (a policy, or any user with 2FA required or set up) keeps doing so:
-- it moves to the 2FA login method. Organisations with no 2FA in use stay Standard.
UPDATE "Organisation" SET "loginMethod" = 'TWO_FACTOR'
WHERE "loginMethod" = 'STANDARD'
  AND ("requireTwoFactor" OR EXISTS (
    SELECT 1 FROM "User" u WHERE u."organisationId" = "Organisation"."id" AND u."twoFactorStatus" <> 'OFF'
  ));
