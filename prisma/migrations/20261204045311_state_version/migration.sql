-- AlterTable (a column added at the end: SQLite needs no table rebuild for it)
ALTER TABLE "User" ADD COLUMN "stateVersion" INTEGER NOT NULL DEFAULT 0;

-- Every write of a learner's CardState row raises her stateVersion, whatever wrote it (the review
-- loop, an import, a script): the review queue kept between requests (lib/srs/queue-snapshot.ts)
-- is used only while the version it was read under is still the database's.
CREATE TRIGGER "CardState_version_insert" AFTER INSERT ON "CardState"
BEGIN
  UPDATE "User" SET "stateVersion" = "stateVersion" + 1 WHERE "id" = NEW."userId";
END;
CREATE TRIGGER "CardState_version_update" AFTER UPDATE ON "CardState"
BEGIN
  UPDATE "User" SET "stateVersion" = "stateVersion" + 1 WHERE "id" IN (OLD."userId", NEW."userId");
END;
CREATE TRIGGER "CardState_version_delete" AFTER DELETE ON "CardState"
BEGIN
  UPDATE "User" SET "stateVersion" = "stateVersion" + 1 WHERE "id" = OLD."userId";
END;
