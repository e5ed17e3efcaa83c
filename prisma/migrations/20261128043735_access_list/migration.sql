-- CreateTable
CREATE TABLE "AccessListEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "cidr" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AccessListEntry_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "accessListVersion" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Organisation" ("createdAt", "id", "loginMethod", "name", "requireTwoFactor", "slug", "twoFactorGraceDays") SELECT "createdAt", "id", "loginMethod", "name", "requireTwoFactor", "slug", "twoFactorGraceDays" FROM "Organisation";
DROP TABLE "Organisation";
ALTER TABLE "new_Organisation" RENAME TO "Organisation";
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AccessListEntry_organisationId_cidr_key" ON "AccessListEntry"("organisationId", "cidr");
