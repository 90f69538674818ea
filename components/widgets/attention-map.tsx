"use client";
// Attention you can read: a heatmap whose rows (queries) and columns (keys) are labelled with the learner's
// characters, with the value under the pointer, zoom, and a query row to pick; and the step view of one
// query: raw scores → ÷√d → mask → softmax → weighted sum of values.
import { useEffect, useMemo, useRef, useState } from "react";
import type { AttentionStep } from "@/lib/widgets/compute";
import { BUTTON, fmt } from "./frame";

const show = (c: string | undefined) => (c === undefined ? "" : c === " " ? "␣" : c === "\n" ? "↵" : c);

function prefersDark(): boolean {
  return typeof window !== "undefined" && window.matchMedia?.("(prefers-color-scheme: dark)").matches;
}

/**
 * matrix [T][T] (rows: queries, columns: keys), values 0…max drawn from transparent to indigo. `cell` px per
 * character starts so the map fits ~300 px and changes with the zoom buttons; labels appear from 9 px cells.
 */
export function AttentionMap({
  matrix,
  chars,
  label,
  max = 1,
  selected,
  onSelect,
  testId,
  fit = 300,
}: {
  matrix: number[][];
  chars: string[];
  label: string;
  max?: number;
  selected?: number;
  onSelect?: (row: number) => void;
  testId?: string;
  fit?: number;
}) {
  const T = matrix.length;
  // ≥ 9 px so every character is labelled; a long text scrolls inside the map (zoom out to see it whole)
  const initial = Math.max(9, Math.min(18, Math.floor(fit / Math.max(1, T))));
  const [cell, setCell] = useState(initial);
  const [hover, setHover] = useState<{ i: number; j: number } | null>(null);
  const ref = useRef<HTMLCanvasElement>(null);
  const labels = cell >= 9;
  const margin = labels ? Math.max(18, cell + 6) : 4;
  const size = margin + T * cell;

  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = size * dpr;
    c.height = size * dpr;
    const ctx = c.getContext("2d")!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const dark = prefersDark();
    ctx.fillStyle = dark ? "#18181b" : "#ffffff";
    ctx.fillRect(0, 0, size, size);
    for (let i = 0; i < T; i++)
      for (let j = 0; j < T; j++) {
        const v = Math.max(0, Math.min(1, matrix[i][j] / max));
        ctx.fillStyle = dark ? `rgba(165,180,252,${v})` : `rgba(79,70,229,${v})`;
        ctx.fillRect(margin + j * cell, margin + i * cell, cell, cell);
      }
    if (selected !== undefined && selected < T) {
      ctx.strokeStyle = dark ? "#fbbf24" : "#d97706";
      ctx.lineWidth = 1.5;
      ctx.strokeRect(margin + 0.75, margin + selected * cell + 0.75, T * cell - 1.5, cell - 1.5);
    }
    if (labels) {
      ctx.fillStyle = dark ? "#d4d4d8" : "#3f3f46";
      ctx.font = `${Math.min(13, cell - 1)}px ui-monospace, monospace`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      for (let k = 0; k < T; k++) {
        ctx.fillText(show(chars[k]), margin + k * cell + cell / 2, margin / 2); // keys along the top
        ctx.fillText(show(chars[k]), margin / 2, margin + k * cell + cell / 2); // queries down the side
      }
    }
  }, [matrix, chars, max, cell, size, margin, labels, selected, T]);

  const at = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const scale = size / r.width; // the canvas may be shrunk by max-width
    const j = Math.floor(((e.clientX - r.left) * scale - margin) / cell);
    const i = Math.floor(((e.clientY - r.top) * scale - margin) / cell);
    return i >= 0 && j >= 0 && i < T && j < T ? { i, j } : null;
  };
  const h = hover ?? (selected !== undefined ? { i: selected, j: Math.min(selected, T - 1) } : null);
  return (
    <figure className="min-w-0 space-y-1" data-testid={testId}>
      <div className="flex items-center gap-1 text-xs">
        <button type="button" className={BUTTON} aria-label="zoom out" onClick={() => setCell((c) => Math.max(2, c - (c > 10 ? 3 : 1)))}>−</button>
        <button type="button" className={BUTTON} aria-label="zoom in" onClick={() => setCell((c) => Math.min(32, c + (c >= 10 ? 3 : 1)))}>+</button>
        <span className="text-zinc-500">{cell} px per character</span>
      </div>
      <div className="max-h-[420px] max-w-full overflow-auto">
        <canvas
          ref={ref}
          role="img"
          aria-label={label}
          className={onSelect ? "cursor-crosshair" : undefined}
          style={{ width: size, height: size }}
          onMouseMove={(e) => setHover(at(e))}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => {
            const p = at(e);
            if (p && onSelect) onSelect(p.i);
          }}
        />
      </div>
      <figcaption className="text-xs text-zinc-600 dark:text-zinc-400">
        <span className="block">{label}</span>
        <span className="block font-mono" data-testid={testId ? `${testId}-hover` : undefined} aria-live="polite">
          {h ? `query “${show(chars[h.i])}” (${h.i}) → key “${show(chars[h.j])}” (${h.j}): ${fmt(matrix[h.i][h.j], 4)}` : "point at a cell for its value"}
        </span>
      </figcaption>
    </figure>
  );
}

/** The step view of one query position: one row per key, then the weighted sum checked against the model. */
export function AttentionSteps({ step, chars }: { step: AttentionStep; chars: string[] }) {
  const keys = useMemo(() => Array.from({ length: step.query + 1 }, (_, j) => j), [step.query]);
  const future = step.T - step.query - 1;
  const top = Math.max(...step.weights);
  return (
    <div className="space-y-2" data-testid="attention-steps">
      <p className="text-sm">
        Query position {step.query}, the character <code>{show(chars[step.query])}</code>: its scores against every key, each step in turn.
      </p>
      <div className="max-h-72 overflow-auto">
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-zinc-500">
              <th className="pr-2">key</th>
              <th className="pr-2">1. q·k</th>
              <th className="pr-2">2. ÷ √{step.d}</th>
              <th className="pr-2">3. + mask</th>
              <th className="pr-2">4. softmax</th>
              <th className="w-1/4" aria-label="weight bar" />
            </tr>
          </thead>
          <tbody className="font-mono">
            {keys.map((j) => (
              <tr key={j}>
                <td className="pr-2">“{show(chars[j])}” {j}</td>
                <td className="pr-2">{fmt(step.raw[j], 2)}</td>
                <td className="pr-2">{fmt(step.scaled[j], 2)}</td>
                <td className="pr-2">{fmt(step.masked[j], 2)}</td>
                <td className="pr-2">{fmt(step.weights[j], 3)}</td>
                <td><div className="h-2 rounded bg-indigo-600 dark:bg-indigo-300" style={{ width: `${(100 * step.weights[j]) / top}%` }} /></td>
              </tr>
            ))}
            {future > 0 && (
              <tr className="text-zinc-500">
                <td className="pr-2">{future} later keys</td>
                <td className="pr-2" colSpan={2}>scores exist…</td>
                <td className="pr-2">−∞</td>
                <td className="pr-2">0</td>
                <td />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p className="text-sm" data-testid="attention-steps-sum">
        5. Weighted sum Σ<sub>j</sub> w<sub>j</sub>·v<sub>j</sub> (first 6 of {step.d} numbers): [{step.weightedSum.slice(0, 6).map((v) => fmt(v, 3)).join(", ")}, …]; the
        head&apos;s own output differs by at most {step.maxDiff.toExponential(1)}.
      </p>
    </div>
  );
}
