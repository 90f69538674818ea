import { getDb } from "@/lib/db/client";
import { exportCardsCsv } from "@/lib/db/portability";
import { withUser } from "@/lib/http/api";
import { download, stamp } from "../download";

export const GET = withUser(async (user) => download(await exportCardsCsv(getDb(), user.id), `attend-cards-${stamp(new Date())}.csv`, "text/csv"));
