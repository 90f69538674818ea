-- AlterTable
ALTER TABLE "User" ADD COLUMN     "newCardsVersion" INTEGER NOT NULL DEFAULT 0;

