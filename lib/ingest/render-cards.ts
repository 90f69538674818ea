import os from "node:os";
import { Worker } from "node:worker_threads";
import { renderMarkdown, type CardItem, type Diagnostic } from "@/lib/content";

/** A card's Markdown fields rendered to sanitised HTML. */
export interface RenderedCard {
  questionHtml: string;
  answerHtml: string | null;
  contextHtml: string | null;
  alternatives: { answer: string; answerHtml: string; file: string; line: number }[];
}

export interface RenderOutput {
  rendered: RenderedCard;
  diagnostics: Diagnostic[];
}

/** Render one card: question, answer, context and alternative answers, with math diagnostics. */
export function renderCard(card: CardItem): RenderOutput {
  const diagnostics: Diagnostic[] = [];
  const { file, line } = card.source;
  const r = (md: string, at: number) => {
    const out = renderMarkdown(md, file, at);
    diagnostics.push(...out.diagnostics);
    return out.html;
  };
  const answerLine = line + card.question.split("\n").length;
  return {
    rendered: {
      questionHtml: r(card.question, line),
      answerHtml: card.answer === null ? null : r(card.answer, answerLine),
      contextHtml: card.context === null ? null : r(card.context, line),
      alternatives: card.alternatives.map((alt) => {
        const out = renderMarkdown(alt.answer, alt.source.file, alt.source.line);
        diagnostics.push(...out.diagnostics);
        return { answer: alt.answer, answerHtml: out.html, file: alt.source.file, line: alt.source.line };
      }),
    },
    diagnostics,
  };
}

/** Below this many cards a worker pool costs more to start than it saves. */
export const PARALLEL_THRESHOLD = 2000;

/**
 * Renders batches of cards, on worker threads when there are many (Markdown + KaTeX is the
 * slowest part of a cold ingest, and it parallelises perfectly). Falls back to the calling
 * thread when workers cannot start (for example under a test runner's own module loader).
 */
export class CardRenderer {
  private workers: Worker[] = [];
  private next = 0;

  private constructor(private readonly parallel: boolean) {}

  static async create(totalCards: number): Promise<CardRenderer> {
    const threads = Math.min(4, os.availableParallelism());
    if (totalCards < PARALLEL_THRESHOLD || threads < 2 || process.env.ATTEND_RENDER_THREADS === "0") return new CardRenderer(false);
    const renderer = new CardRenderer(true);
    try {
      for (let i = 0; i < threads; i++) {
        const w = new Worker(new URL("./render-worker.ts", import.meta.url));
        await new Promise<void>((resolve, reject) => {
          w.once("message", (m) => (m === "ready" ? resolve() : reject(new Error(String(m)))));
          w.once("error", reject);
        });
        renderer.workers.push(w);
      }
      return renderer;
    } catch {
      await renderer.close();
      return new CardRenderer(false);
    }
  }

  /** Render cards in order. */
  async render(cards: CardItem[]): Promise<RenderOutput[]> {
    if (!this.parallel || !this.workers.length || cards.length < 50) return cards.map(renderCard);
    const per = Math.ceil(cards.length / this.workers.length);
    const parts = await Promise.all(
      this.workers.map((w, i) => {
        const slice = cards.slice(i * per, (i + 1) * per);
        if (!slice.length) return Promise.resolve([] as RenderOutput[]);
        const id = this.next++;
        return new Promise<RenderOutput[]>((resolve, reject) => {
          const onMessage = (m: { id: number; out?: RenderOutput[]; error?: string }) => {
            if (m.id !== id) return;
            w.off("message", onMessage);
            if (m.error) reject(new Error(m.error));
            else resolve(m.out!);
          };
          w.on("message", onMessage);
          w.postMessage({ id, cards: slice });
        });
      }),
    );
    return parts.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
