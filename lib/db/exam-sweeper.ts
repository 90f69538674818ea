import { getDb } from "./client";
import { autoSubmitExpired } from "./exams";

/** How often the server submits expired attempts when nobody is looking (ms). */
export const SWEEP_EVERY_MS = 5_000;

const globalForSweep = globalThis as unknown as { attendExamSweep?: ReturnType<typeof setInterval> };

/** Start the auto-submit sweep once per server process (instrumentation.ts calls this). */
export function startExamSweeper(): void {
  if (globalForSweep.attendExamSweep) return;
  globalForSweep.attendExamSweep = setInterval(() => {
    autoSubmitExpired(getDb(), new Date()).catch((error) => console.error("exam sweep:", error));
  }, SWEEP_EVERY_MS);
  globalForSweep.attendExamSweep.unref?.();
}
