/**
 * The floor for bench:review: the same grade transaction and next-card read as the app
 * (lib/db/review), behind a bare node:http handler on the same database, with no framework, no
 * session and no origin check. Learners are named by an `x-user` header.
 * Run by bench/review/run.ts: DATABASE_URL=... PORT=... node --import tsx bench/review/floor.ts
 */
import http from "node:http";
import { createDb } from "@/lib/db/client";
import { getNext, gradeAndNext } from "@/lib/db/review";
import { gradeRequestSchema } from "@/lib/review/contract";

const db = createDb(process.env.DATABASE_URL!);

const server = http.createServer(async (req, res) => {
  try {
    if (req.url === "/health") return void res.writeHead(200).end("ok");
    const userId = String(req.headers["x-user"]);
    const now = new Date();
    if (req.method === "GET") {
      const next = await getNext(db, userId, { now });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(next));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const input = gradeRequestSchema.parse(JSON.parse(Buffer.concat(chunks).toString()));
    const { result, next } = await gradeAndNext(db, userId, input, { now });
    const body = JSON.stringify({ ...result, next });
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!res.headersSent) res.writeHead(code === "stale" ? 409 : 500).end(String(error));
  }
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
