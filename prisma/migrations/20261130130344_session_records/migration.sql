-- DropIndex
DROP INDEX "LoginChallenge_userId_idx";

-- DropIndex
DROP INDEX "LoginChallenge_ticketHash_key";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "LoginChallenge";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT,
    "stage" TEXT NOT NULL,
    "secondFactor" TEXT,
    "pendingUntil" DATETIME,
    "completedAt" DATETIME,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "revokedReason" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Session_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "lastLoginAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_User" ("createdAt", "email", "id", "lastLoginAt", "name", "organisationId", "passwordHash", "role", "totpLastStep", "totpPendingSecret", "totpSecret", "twoFactorByPolicy", "twoFactorDueAt", "twoFactorEnrolledAt", "twoFactorFailures", "twoFactorLockedUntil", "twoFactorStatus", "updatedAt") SELECT "createdAt", "email", "id", "lastLoginAt", "name", "organisationId", "passwordHash", "role", "totpLastStep", "totpPendingSecret", "totpSecret", "twoFactorByPolicy", "twoFactorDueAt", "twoFactorEnrolledAt", "twoFactorFailures", "twoFactorLockedUntil", "twoFactorStatus", "updatedAt" FROM "User";
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

-- CreateIndex
CREATE INDEX "Session_userId_revokedAt_idx" ON "Session"("userId", "revokedAt");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "Session_stage_pendingUntil_idx" ON "Session"("stage", "pendingUntil");
