import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// For `prisma migrate diff` and `prisma generate` on the PostgreSQL schema (scripts/db-schema.ts,
// scripts/generate.mjs). Prisma's migrate cannot apply migrations through adapter-pg here
// (prisma/orm#27403); lib/db/migrate.ts applies them. The adapter is never connected by diff.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://127.0.0.1:5432/postgres" });
  },
});
