-- AlterTable
ALTER TABLE "TemporaryAccessCode" ADD COLUMN "usedBySessionId" TEXT;
