// Worker thread for CardRenderer: renders batches of cards off the main thread.
import { parentPort } from "node:worker_threads";
import { renderCard } from "./render-cards";

parentPort!.on("message", (m: { id: number; cards: Parameters<typeof renderCard>[0][] }) => {
  try {
    parentPort!.postMessage({ id: m.id, out: m.cards.map(renderCard) });
  } catch (error) {
    parentPort!.postMessage({ id: m.id, error: (error as Error).message });
  }
});
parentPort!.postMessage("ready");
