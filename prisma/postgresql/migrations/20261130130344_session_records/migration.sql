-- CreateEnum
CREATE TYPE "SessionStage" AS ENUM ('SECOND_FACTOR', 'COMPLETE');

-- DropForeignKey
ALTER TABLE "LoginChallenge" DROP CONSTRAINT "LoginChallenge_userId_fkey";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "retainedSessionId",
DROP COLUMN "retainedSessionVersion",
DROP COLUMN "sessionVersion",
DROP COLUMN "signedOutSessions";

-- DropTable
DROP TABLE "LoginChallenge";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT,
    "stage" "SessionStage" NOT NULL,
    "secondFactor" TEXT,
    "pendingUntil" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "generation" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_userId_revokedAt_idx" ON "Session"("userId", "revokedAt");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "Session_stage_pendingUntil_idx" ON "Session"("stage", "pendingUntil");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
