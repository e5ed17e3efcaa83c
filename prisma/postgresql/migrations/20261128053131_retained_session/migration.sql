-- AlterTable
ALTER TABLE "User" ADD COLUMN     "retainedSessionId" TEXT,
ADD COLUMN     "retainedSessionVersion" INTEGER;
