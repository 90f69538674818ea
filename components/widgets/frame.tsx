"use client";
// The frame every widget shares: prompt input (prefilled from the prompt library), its controls, a
// "predict, then reveal" step, a badge with the backend and the time taken, and state kept in the URL.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { getRuntime, type Runtime } from "./runtime";

// ---------------------------------------------------------------------------------------------
// URL state: `?<widget>.<key>=value`, written with replaceState so a view can be shared by its address.

type Value = string | number | boolean;

function parse<T extends Value>(raw: string | null, fallback: T): T {
  if (raw === null) return fallback;
  if (typeof fallback === "number") {
    const n = Number(raw);
    return (Number.isFinite(n) ? n : fallback) as T;
  }
  if (typeof fallback === "boolean") return (raw === "1" || raw === "true") as T;
  return raw as T;
}

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends number ? number : T[K] extends boolean ? boolean : T[K] };

export function useUrlState<D extends Record<string, Value>>(widget: string, defaults: D): [Widen<D>, (patch: Partial<Widen<D>>) => void] {
  type S = Widen<D>;
  const [state, setState] = useState<S>(() => {
    const q = new URLSearchParams(window.location.search);
    const out = { ...defaults } as S;
    for (const key of Object.keys(defaults) as (keyof S & string)[]) out[key] = parse(q.get(`${widget}.${key}`), defaults[key]) as S[typeof key];
    return out;
  });
  const update = (patch: Partial<S>) => {
    setState((prev) => {
      const next = { ...prev, ...patch };
      const url = new URL(window.location.href);
      for (const [key, value] of Object.entries(next)) {
        if (value === defaults[key]) url.searchParams.delete(`${widget}.${key}`);
        else url.searchParams.set(`${widget}.${key}`, typeof value === "boolean" ? (value ? "1" : "0") : String(value));
      }
      url.searchParams.set("w", widget);
      window.history.replaceState(window.history.state, "", url);
      return next;
    });
  };
  return [state, update];
}

// ---------------------------------------------------------------------------------------------
// Running a computation on the model: debounced, latest input wins, timed.

export interface Run<R> {
  result: R | null;
  ms: number | null; // the computation alone
  error: string | null;
  running: boolean;
  runtime: Runtime | null;
}

export function useModelRun<R>(compute: (rt: Runtime) => Promise<R>, deps: unknown[], delay = 200): Run<R> {
  const [run, setRun] = useState<Run<R>>({ result: null, ms: null, error: null, running: true, runtime: null });
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setRun((r) => ({ ...r, running: true }));
    // The first run starts at once; later ones wait for the learner to stop typing.
    const timer = setTimeout(async () => {
      try {
        const rt = await getRuntime();
        const t0 = performance.now();
        const result = await compute(rt);
        const ms = performance.now() - t0;
        if (mine === seq.current) setRun({ result, ms, error: null, running: false, runtime: rt });
      } catch (e) {
        if (mine === seq.current) setRun((r) => ({ ...r, error: e instanceof Error ? e.message : String(e), running: false }));
      }
    }, mine === 1 ? 0 : delay);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return run;
}

/** A second, slower stage computed from a run's result after that result is shown (e.g. the KV cache's reruns). */
export interface FollowUp<F> {
  result: F | null;
  ms: number | null; // this stage alone
  error: string | null;
  running: boolean;
}

export function useFollowUp<R, F>(run: Run<R>, compute: (result: R, rt: Runtime) => Promise<F>): FollowUp<F> {
  const [state, setState] = useState<FollowUp<F> & { input: R | null }>({ input: null, result: null, ms: null, error: null, running: false });
  const seq = useRef(0);
  const { result, runtime } = run;
  useEffect(() => {
    const mine = ++seq.current;
    if (result === null || runtime === null) return;
    const input: R = result;
    const rt: Runtime = runtime;
    // After the next frame, so the browser paints the first stage before this one occupies the thread.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(stage, 0)));
    async function stage(): Promise<void> {
      try {
        const t0 = performance.now();
        const out = await compute(input, rt);
        const ms = performance.now() - t0;
        if (mine === seq.current) setState({ input, result: out, ms, error: null, running: false });
      } catch (e) {
        if (mine === seq.current) setState({ input, result: null, ms: null, error: e instanceof Error ? e.message : String(e), running: false });
      }
    }
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result, runtime]);
  // Until this stage finishes for the result on screen, the state still belongs to the previous one: running.
  if (state.input !== result) return { result: null, ms: null, error: null, running: result !== null };
  return { result: state.result, ms: state.ms, error: state.error, running: state.running };
}

// ---------------------------------------------------------------------------------------------
// Pieces

const INPUT = "block w-full rounded-md border border-zinc-300 bg-white p-2 text-base focus:outline-2 focus:outline-offset-1 focus:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900";
const SMALL_INPUT = "w-24 rounded-md border border-zinc-300 bg-white px-2 py-1 text-base focus:outline-2 focus:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900";
export const BUTTON = "rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 focus:outline-2 focus:outline-offset-1 focus:outline-indigo-500 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";
export const PRIMARY = "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-2 focus:outline-offset-2 focus:outline-indigo-500";

export function Badge({ run }: { run: Run<unknown> }) {
  const rt = run.runtime;
  return (
    <span data-testid="widget-badge" className="inline-flex flex-wrap items-center gap-1 rounded-full bg-zinc-100 px-2 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" aria-live="polite">
      {run.error ? <span className="text-red-700 dark:text-red-400">error</span> : !rt ? "loading model…" : (
        <>
          <span data-testid="widget-backend" data-how={rt.how} title={rt.detail}>{rt.label}</span>
          <span>·</span>
          <span data-testid="widget-ms">{run.running ? "running…" : `${run.ms!.toFixed(run.ms! < 10 ? 1 : 0)} ms`}</span>
        </>
      )}
    </span>
  );
}

/** The learner's text, prefilled from the prompt library; at most `max` characters reach the model. */
export function PromptInput({ value, onChange, prompts, max, unknown }: { value: string; onChange: (v: string) => void; prompts: string[]; max: number; unknown?: string[] }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium">Your text</label>
        {prompts.length > 0 && (
          <select
            aria-label="Pick a sentence starter"
            className="max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            value=""
            onChange={(e) => e.target.value && onChange(e.target.value)}
          >
            <option value="">Prompt library…</option>
            {prompts.map((p) => (
              <option key={p} value={p}>{p.length > 60 ? p.slice(0, 57) + "…" : p}</option>
            ))}
          </select>
        )}
      </div>
      <textarea id={id} data-testid="widget-text" rows={2} className={INPUT} value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
      <p className="text-xs text-zinc-500">
        {[...value].length > max ? `The model reads the last ${max} characters (its context). ` : ""}
        {unknown && unknown.length > 0 ? `Unknown to the model: ${[...new Set(unknown)].join(" ")}` : ""}
      </p>
    </div>
  );
}

export function NumberField({ label, value, onChange, min, max, step, testId }: { label: string; value: number; onChange: (v: number) => void; min?: number; max?: number; step?: number; testId?: string }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm">{label}</label>
      <input
        id={id}
        data-testid={testId}
        type="number"
        className={SMALL_INPUT}
        value={value}
        min={min}
        max={max}
        step={step}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (e.target.value !== "" && Number.isFinite(n)) onChange(min !== undefined && n < min ? min : max !== undefined && n > max ? max : n);
        }}
      />
    </div>
  );
}

export function Select({ label, value, options, onChange, testId }: { label: string; value: number; options: { value: number; label: string }[]; onChange: (v: number) => void; testId?: string }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm">{label}</label>
      <select id={id} data-testid={testId} className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-base dark:border-zinc-700 dark:bg-zinc-900" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

/**
 * Predict, then reveal: the learner commits to a guess (one of `options`, or free text) before the
 * computed answer is shown. Keyboard: the options are radio buttons; Reveal is a button.
 */
export function PredictReveal({ widget, question, options, revealed, onReveal, children }: { widget: string; question: string; options?: string[]; revealed: boolean; onReveal: () => void; children: ReactNode }) {
  const [guess, setGuess] = useState("");
  const name = useId();
  return (
    <div className="space-y-3">
      <fieldset className="rounded-md bg-amber-50 p-3 dark:bg-amber-950/30">
        <legend className="sr-only">Predict</legend>
        <p className="text-sm font-medium">Predict first: {question}</p>
        {options ? (
          <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
            {options.map((o) => (
              <label key={o} className="flex items-center gap-1 text-sm">
                <input type="radio" name={name} value={o} checked={guess === o} onChange={() => setGuess(o)} /> {o}
              </label>
            ))}
          </div>
        ) : (
          <input aria-label="Your prediction" className={`${INPUT} mt-2`} value={guess} onChange={(e) => setGuess(e.target.value)} />
        )}
        {!revealed && (
          <button type="button" data-testid={`${widget}-reveal`} className={`${PRIMARY} mt-2`} onClick={onReveal}>
            {guess ? "Reveal" : "Skip and reveal"}
          </button>
        )}
        {revealed && guess && <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">You predicted: <strong>{guess}</strong>. Compare below.</p>}
      </fieldset>
      {revealed && <div className="space-y-3">{children}</div>}
    </div>
  );
}

export function WidgetFrame({ title, run, children }: { title: string; run: Run<unknown>; children: ReactNode }) {
  return (
    <div className="min-w-0 space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-base font-semibold">{title}</h3>
        <Badge run={run} />
      </div>
      {run.error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">The model could not run: {run.error}</p>}
      {children}
    </div>
  );
}

/** A matrix as a canvas heatmap (0 white → 1 indigo); rows are queries, columns keys. */
export function Heatmap({ matrix, label, size = 220, max: vmax, labels }: { matrix: number[][]; label: string; size?: number; max?: number; labels?: string[] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const n = matrix.length;
    const m = matrix[0]?.length ?? 0;
    c.width = size;
    c.height = size;
    const ctx = c.getContext("2d")!;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, size, size);
    const top = vmax ?? Math.max(1e-9, ...matrix.flat());
    const cw = size / Math.max(1, m);
    const ch = size / Math.max(1, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        const v = Math.max(0, Math.min(1, matrix[i][j] / top));
        ctx.fillStyle = `rgba(79,70,229,${v})`;
        ctx.fillRect(j * cw, i * ch, Math.ceil(cw), Math.ceil(ch));
      }
  }, [matrix, size, vmax]);
  return (
    <figure className="space-y-1">
      <canvas ref={ref} role="img" aria-label={label} className="h-auto max-w-full border border-zinc-200 dark:border-zinc-700" style={{ width: size }} />
      <figcaption className="max-w-[220px] text-xs text-zinc-500">{label}{labels && labels.length <= 40 ? ` — “${labels.join("")}”` : ""}</figcaption>
    </figure>
  );
}

export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-md border border-zinc-200 px-2 py-1 dark:border-zinc-800">
      <div className="text-xs text-zinc-500">{label}</div>
      <div className="font-mono text-sm" data-testid={testId}>{value}</div>
    </div>
  );
}

export const fmt = (x: number, digits = 3) => (Math.abs(x) >= 1000 ? x.toExponential(2) : x.toFixed(digits));
