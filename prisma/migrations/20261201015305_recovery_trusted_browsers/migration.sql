-- AlterTable
ALTER TABLE "User" ADD COLUMN "totpNearMissOffset" INTEGER;
ALTER TABLE "User" ADD COLUMN "totpNearMissStep" INTEGER;

-- CreateTable
CREATE TABLE "RecoveryRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "message" TEXT,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT,
    "createdAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "closedById" TEXT,
    "closedHow" TEXT,
    CONSTRAINT "RecoveryRequest_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RecoveryRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TemporaryAccessCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "issuedById" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "expiryNotedAt" DATETIME,
    CONSTRAINT "TemporaryAccessCode_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TemporaryAccessCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrustedDevice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userAgent" TEXT,
    "ip" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastUsedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "TrustedDevice_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TrustedDevice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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
    "twoFactorGraceDays" INTEGER NOT NULL DEFAULT 0,
    "accessListEnabled" BOOLEAN NOT NULL DEFAULT false,
    "accessListVersion" INTEGER NOT NULL DEFAULT 0,
    "trustedBrowserDays" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Organisation" ("accessListEnabled", "accessListVersion", "createdAt", "id", "loginMethod", "name", "requireTwoFactor", "slug", "twoFactorGraceDays") SELECT "accessListEnabled", "accessListVersion", "createdAt", "id", "loginMethod", "name", "requireTwoFactor", "slug", "twoFactorGraceDays" FROM "Organisation";
DROP TABLE "Organisation";
ALTER TABLE "new_Organisation" RENAME TO "Organisation";
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RecoveryRequest_organisationId_closedAt_createdAt_idx" ON "RecoveryRequest"("organisationId", "closedAt", "createdAt");

-- CreateIndex
CREATE INDEX "RecoveryRequest_userId_createdAt_idx" ON "RecoveryRequest"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "TemporaryAccessCode_userId_usedAt_idx" ON "TemporaryAccessCode"("userId", "usedAt");

-- CreateIndex
CREATE INDEX "TemporaryAccessCode_expiresAt_usedAt_expiryNotedAt_idx" ON "TemporaryAccessCode"("expiresAt", "usedAt", "expiryNotedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrustedDevice_tokenHash_key" ON "TrustedDevice"("tokenHash");

-- CreateIndex
CREATE INDEX "TrustedDevice_userId_expiresAt_idx" ON "TrustedDevice"("userId", "expiresAt");

-- CreateIndex
CREATE INDEX "TrustedDevice_expiresAt_idx" ON "TrustedDevice"("expiresAt");
