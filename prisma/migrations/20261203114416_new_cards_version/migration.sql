-- AlterTable (a column added at the end: SQLite needs no table rebuild for it)
ALTER TABLE "User" ADD COLUMN "newCardsVersion" INTEGER NOT NULL DEFAULT 0;
