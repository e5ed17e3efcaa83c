-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "loginMethod" TEXT NOT NULL DEFAULT 'STANDARD',
    "requireTwoFactor" BOOLEAN NOT NULL DEFAULT false,
    "twoFactorGraceDays" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Organisation" ("createdAt", "id", "name", "slug") SELECT "createdAt", "id", "name", "slug" FROM "Organisation";
DROP TABLE "Organisation";
ALTER TABLE "new_Organisation" RENAME TO "Organisation";
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'MEMBER',
    "passwordHash" TEXT NOT NULL,
    "twoFactorStatus" TEXT NOT NULL DEFAULT 'OFF',
    "twoFactorDueAt" DATETIME,
    "twoFactorByPolicy" BOOLEAN NOT NULL DEFAULT false,
    "totpSecret" TEXT,
    "totpPendingSecret" TEXT,
    "totpLastStep" INTEGER,
    "twoFactorEnrolledAt" DATETIME,
    "twoFactorFailures" INTEGER NOT NULL DEFAULT 0,
    "twoFactorLockedUntil" DATETIME,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "lastLoginAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_User" ("createdAt", "email", "id", "lastLoginAt", "name", "organisationId", "passwordHash", "role", "sessionVersion", "totpLastStep", "totpPendingSecret", "totpSecret", "twoFactorEnrolledAt", "twoFactorFailures", "twoFactorLockedUntil", "twoFactorStatus", "updatedAt") SELECT "createdAt", "email", "id", "lastLoginAt", "name", "organisationId", "passwordHash", "role", "sessionVersion", "totpLastStep", "totpPendingSecret", "totpSecret", "twoFactorEnrolledAt", "twoFactorFailures", "twoFactorLockedUntil", "twoFactorStatus", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_organisationId_email_id_idx" ON "User"("organisationId", "email", "id");
CREATE INDEX "User_organisationId_name_id_idx" ON "User"("organisationId", "name", "id");
CREATE INDEX "User_organisationId_role_id_idx" ON "User"("organisationId", "role", "id");
CREATE INDEX "User_organisationId_twoFactorStatus_id_idx" ON "User"("organisationId", "twoFactorStatus", "id");
CREATE INDEX "User_organisationId_lastLoginAt_id_idx" ON "User"("organisationId", "lastLoginAt", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
