-- AlterTable
ALTER TABLE "User" ADD COLUMN "retainedSessionId" TEXT;
ALTER TABLE "User" ADD COLUMN "retainedSessionVersion" INTEGER;
