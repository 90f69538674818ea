import type { Db } from "./client";

/** Active sentence starters (the seed prompt library), in source order: widgets prefill their input with them. */
export async function listStarterPrompts(db: Db): Promise<string[]> {
  const rows = await db.prompt.findMany({
    where: { kind: "starter", retiredAt: null },
    select: { text: true },
    orderBy: [{ sourceFile: "asc" }, { sourceLine: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => r.text);
}
