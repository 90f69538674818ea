import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, SQLITE_MIGRATIONS, SQLITE_SCHEMA, postgresSchema, sqliteSchemaFrom } from "@/lib/db/schema-files";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), "utf8");
const migrationNames = (dir: string) => fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

describe("the PostgreSQL schema derived from the SQLite one", () => {
  it("is current (run `npm run db:schema -- --migration <name>` after editing prisma/schema.prisma)", () => {
    expect(read(POSTGRES_SCHEMA)).toBe(postgresSchema(read(SQLITE_SCHEMA)));
  });

  it("converts back to the SQLite schema exactly (the next migration diffs from it)", () => {
    expect(sqliteSchemaFrom(postgresSchema(read(SQLITE_SCHEMA)))).toBe(read(SQLITE_SCHEMA));
  });

  it("has migrations for the same schema changes: the newest PostgreSQL migration is not older than the newest SQLite one", () => {
    // PostgreSQL starts with one init migration for the schema as of its first release; every later
    // change adds a folder to both, named alike by `npm run db:schema -- --migration`.
    const newest = (dir: string) => migrationNames(dir).sort().at(-1)!.slice(0, 14);
    expect(newest(POSTGRES_MIGRATIONS) >= newest(SQLITE_MIGRATIONS)).toBe(true);
  });
});
