// postinstall: generate the Prisma client into generated/prisma (gitignored).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { prismaEnv } from "./prisma-env.mjs";

const require = createRequire(import.meta.url);
const r = spawnSync(process.execPath, [require.resolve("prisma/build/index.js"), "generate"], { stdio: "inherit", env: prismaEnv() });
process.exit(r.status ?? 1);
