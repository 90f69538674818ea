-- AlterTable
ALTER TABLE "User" ADD COLUMN     "stateVersion" INTEGER NOT NULL DEFAULT 0;

-- Every write of a learner's CardState rows raises her stateVersion, whatever wrote it (the review
-- loop, an import, a script): the review queue kept between requests (lib/srs/queue-snapshot.ts)
-- is used only while the version it was read under is still the database's. Once per statement
-- and learner (a restore of 50,000 states updates her row once, not 50,000 times); an upsert that
-- updates fires the UPDATE trigger with the row and the INSERT trigger with none, so +1 either way.
CREATE FUNCTION "attend_bump_state_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "User" SET "stateVersion" = "stateVersion" + 1 WHERE "id" IN (SELECT DISTINCT "userId" FROM changed_rows);
  RETURN NULL;
END;
$$;
CREATE TRIGGER "CardState_version_insert" AFTER INSERT ON "CardState"
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "attend_bump_state_version"();
CREATE TRIGGER "CardState_version_update" AFTER UPDATE ON "CardState"
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "attend_bump_state_version"();
CREATE TRIGGER "CardState_version_delete" AFTER DELETE ON "CardState"
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "attend_bump_state_version"();
