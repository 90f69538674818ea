import path from "node:path";

/**
 * Prisma 6.19's CLI checks for native engine files before it notices that the JS engine and the
 * driver adapter need none; these variables satisfy the check with an existing file (never run).
 * See ../shared/OFFLINE.md, "Prisma offline".
 */
export function prismaEnv(root = process.cwd()) {
  const placeholder = path.join(root, "package.json");
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
    PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}
