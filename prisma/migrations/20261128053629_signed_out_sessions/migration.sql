-- AlterTable
ALTER TABLE "User" ADD COLUMN "signedOutSessions" TEXT;
