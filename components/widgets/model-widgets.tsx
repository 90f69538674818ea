"use client";
// Widgets about the model as a whole: shape journey, parameter count and memory, gradient descent by hand.
import { useState } from "react";
import { createModel } from "@/lib/model";
import { gradientDescentSteps, momentumStep, parameterCount, shapeJourney } from "@/lib/widgets/compute";
import { BUTTON, NumberField, PredictReveal, Stat, WidgetFrame, fmt, useModelRun, useUrlState } from "./frame";
import type { WidgetProps } from "./attention-widgets";

const bytes = (n: number) => (n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GiB` : n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
const shapeText = (s: number[]) => `[${s.join(", ")}]`;
const sameShape = (typed: string, s: number[]) => (typed.match(/\d+/g) ?? []).join(",") === s.join(",");

// ---------------------------------------------------------------------------------------------

export function ShapeJourneyWidget(_: WidgetProps) {
  const [s, set] = useUrlState("shape-journey", { nEmbd: 0, nHead: 8, batch: 2, T: 10 });
  const run = useModelRun(
    async (rt) => {
      const T = Math.max(1, Math.min(s.T, rt.model.config.blockSize));
      if (s.nEmbd === 0) return { stops: shapeJourney(rt.model, s.batch, T), label: "the trained model" };
      if (s.nEmbd % s.nHead !== 0) throw new Error(`width ${s.nEmbd} is not divisible by ${s.nHead} heads`);
      // A fresh model with the learner's width and heads; one block is enough (every block has the same shapes).
      const m = createModel({ vocabSize: rt.model.config.vocabSize, blockSize: Math.max(T, 8), nEmbd: s.nEmbd, nHead: s.nHead, nLayer: 1 });
      try {
        return { stops: shapeJourney(m, s.batch, T), label: `a fresh ${s.nEmbd}-wide, ${s.nHead}-head model` };
      } finally {
        m.dispose();
      }
    },
    [s.nEmbd, s.nHead, s.batch, s.T],
  );
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [shown, setShown] = useState<Record<string, boolean>>({});
  const cfg = run.runtime?.model.config;
  const config = `${s.nEmbd}/${s.nHead}/${s.batch}/${s.T}`; // a new config hides the shapes again
  return (
    <WidgetFrame title="Shape journey through a forward pass" run={run}>
      <div className="flex flex-wrap gap-3">
        <NumberField label="Width C (0: trained model)" value={s.nEmbd} min={0} max={2048} step={64} onChange={(nEmbd) => set({ nEmbd })} testId="shape-nembd" />
        <NumberField label="Heads" value={s.nHead} min={1} max={64} onChange={(nHead) => set({ nHead })} testId="shape-nhead" />
        <NumberField label="batch" value={s.batch} min={1} max={8} onChange={(batch) => set({ batch })} />
        <NumberField label="seq_len" value={s.T} min={1} max={cfg?.blockSize ?? 128} onChange={(T) => set({ T })} testId="shape-t" />
      </div>
      {run.result && (
        <>
          <p className="text-sm">
            Shapes recorded by a real forward pass of {run.result.label}
            {cfg && s.nEmbd === 0 ? ` (C = ${cfg.nEmbd}, ${cfg.nHead} heads, V = ${cfg.vocabSize})` : ` (V = ${cfg?.vocabSize})`}. Type each shape, then check it.
          </p>
          <ol className="space-y-2">
            {run.result.stops.map((st) => {
              const key = `${config}:${st.tap}`;
              const ok = sameShape(typed[key] ?? "", st.shape);
              return (
                <li key={key} className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="min-w-48 flex-1">{st.stage} <code className="text-xs text-zinc-500">{st.tap}</code></span>
                  <input
                    aria-label={`Your shape for ${st.stage}`}
                    placeholder="[?, ?, ?]"
                    className="w-32 rounded-md border border-zinc-300 px-2 py-1 font-mono text-base dark:border-zinc-700 dark:bg-zinc-900"
                    value={typed[key] ?? ""}
                    onChange={(e) => setTyped({ ...typed, [key]: e.target.value })}
                  />
                  {shown[key] ? (
                    <span className="w-40 font-mono" data-testid={`shape-${st.tap}`}>
                      {shapeText(st.shape)} {typed[key] ? (ok ? "✓" : "✗") : ""}
                    </span>
                  ) : (
                    <button type="button" className={`${BUTTON} w-40`} onClick={() => setShown({ ...shown, [key]: true })} data-testid={`shape-reveal-${st.tap}`}>
                      Reveal
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
          <button type="button" className={BUTTON} onClick={() => setShown({ ...shown, ...Object.fromEntries(run.result!.stops.map((st) => [`${config}:${st.tap}`, true])) })} data-testid="shape-reveal-all">
            Reveal all
          </button>
        </>
      )}
    </WidgetFrame>
  );
}

// ---------------------------------------------------------------------------------------------

export function ParameterCountWidget(_: WidgetProps) {
  const [s, set] = useUrlState("parameter-count", { nEmbd: 512, nHead: 8, nLayer: 6, blockSize: 256, vocab: 0, dff: 0, tied: false, reveal: false });
  const run = useModelRun(
    async (rt) => {
      if (s.nEmbd % s.nHead !== 0) throw new Error(`width ${s.nEmbd} is not divisible by ${s.nHead} heads`);
      const c = { vocabSize: s.vocab || rt.model.config.vocabSize, blockSize: s.blockSize, nEmbd: s.nEmbd, nHead: s.nHead, nLayer: s.nLayer, ffnMult: 4 };
      return parameterCount(c, (cc) => createModel(cc), { dFF: s.dff, tied: s.tied });
    },
    [s.nEmbd, s.nHead, s.nLayer, s.blockSize, s.vocab, s.dff, s.tied],
    300,
  );
  const r = run.result;
  return (
    <WidgetFrame title="Parameter count and memory" run={run}>
      <div className="flex flex-wrap gap-3">
        <NumberField label="d_model C" value={s.nEmbd} min={8} max={8192} step={64} onChange={(nEmbd) => set({ nEmbd })} testId="params-nembd" />
        <NumberField label="heads H" value={s.nHead} min={1} max={128} onChange={(nHead) => set({ nHead })} />
        <NumberField label="layers L" value={s.nLayer} min={1} max={96} onChange={(nLayer) => set({ nLayer })} testId="params-nlayer" />
        <NumberField label="context T" value={s.blockSize} min={1} max={32768} onChange={(blockSize) => set({ blockSize })} />
        <NumberField label="vocab V (0: this model's)" value={s.vocab} min={0} max={300000} onChange={(vocab) => set({ vocab })} />
        <NumberField label="d_ff (0: 4·C)" value={s.dff} min={0} max={65536} step={64} onChange={(dff) => set({ dff })} testId="params-dff" />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={s.tied} onChange={(e) => set({ tied: e.target.checked })} data-testid="params-tied" />
          output head tied to the token embeddings
        </label>
      </div>
      <PredictReveal widget="parameter-count" question={`how many parameters does this config have (d_ff = ${s.dff || "4·C"}, embeddings ${s.tied ? "tied" : "not tied"})?`} revealed={s.reveal} onReveal={() => set({ reveal: true })}>
        {r && (
          <>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              <Stat label="By the formula" value={r.total.toLocaleString("en")} testId="params-total" />
              <Stat label="Real variables (built now)" value={r.real === null ? `not built: ${r.whyNotBuilt}` : r.real.toLocaleString("en")} testId="params-real" />
              <Stat label="Weights fp32 / fp16" value={`${bytes(r.bytes.fp32)} / ${bytes(r.bytes.fp16)}`} />
              <Stat label="Training with Adam (w, grad, m, v)" value={bytes(r.bytes.adamTraining)} />
              <Stat label={`KV cache, one sequence of ${s.blockSize}`} value={bytes(r.bytes.kvCachePerSequence)} />
            </div>
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="params-tying">
              {r.tied
                ? `Tied: the output head reuses the V×C token embedding matrix (transposed), saving ${(r.config.nEmbd * r.config.vocabSize).toLocaleString("en")} parameters. GPT-2 does this; this app's MiniGPT does not.`
                : `Not tied: the output head has its own C×V weights (${(r.config.nEmbd * r.config.vocabSize).toLocaleString("en")} parameters), as in this app's MiniGPT; tying them to the token embeddings, as GPT-2 does, would save that many.`}{" "}
              Feed-forward width d_ff = {r.dFF.toLocaleString("en")}.
            </p>
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead><tr className="text-left"><th className="pr-2">part</th><th className="pr-2">formula</th><th className="text-right">parameters</th></tr></thead>
                <tbody className="font-mono">
                  {r.parts.map((p) => (
                    <tr key={p.part}><td className="pr-2 font-sans">{p.part}</td><td className="pr-2">{p.formula}</td><td className="text-right">{p.count.toLocaleString("en")}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="text-left text-xs text-zinc-500">Self-attention per layer as the sequence grows (batch 1, fp32): the T×T scores of every head, and the FLOPs of q·kᵀ and weights·v</caption>
                <thead><tr className="text-left"><th className="pr-2">T</th><th className="pr-2">scores memory</th><th>FLOPs</th></tr></thead>
                <tbody className="font-mono" data-testid="params-attention">
                  {r.attention.map((a) => (
                    <tr key={a.T}><td className="pr-2">{a.T}</td><td className="pr-2">{bytes(a.scoresBytes)}</td><td>{a.flops.toExponential(2)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </PredictReveal>
    </WidgetFrame>
  );
}

// ---------------------------------------------------------------------------------------------

export function GradientDescentWidget(_: WidgetProps) {
  const [s, set] = useUrlState("gradient-descent", { w0: 5, x: 2, y: 2, lr: 0.1, steps: 3, mw: 0.5, mg: 0.2, mv: 0.1, mlr: 0.1, beta: 0.9, reveal: false });
  const run = useModelRun(
    async () => ({
      steps: await gradientDescentSteps({ w0: s.w0, x: s.x, y: s.y, lr: s.lr, steps: Math.max(1, Math.min(10, s.steps)) }),
      momentum: await momentumStep({ w: s.mw, grad: s.mg, v: s.mv, lr: s.mlr, beta: s.beta }),
    }),
    [s.w0, s.x, s.y, s.lr, s.steps, s.mw, s.mg, s.mv, s.mlr, s.beta],
    150,
  );
  const r = run.result;
  return (
    <WidgetFrame title="Gradient descent by hand" run={run}>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="mb-1 text-sm font-medium">ŷ = w·x, loss L = (ŷ − y)², w ← w − α·∂L/∂w</legend>
        <NumberField label="w₀" value={s.w0} step={0.1} onChange={(w0) => set({ w0 })} testId="gd-w0" />
        <NumberField label="x" value={s.x} step={0.1} onChange={(x) => set({ x })} />
        <NumberField label="y" value={s.y} step={0.1} onChange={(y) => set({ y })} />
        <NumberField label="α" value={s.lr} step={0.01} onChange={(lr) => set({ lr })} testId="gd-lr" />
        <NumberField label="steps" value={s.steps} min={1} max={10} onChange={(steps) => set({ steps })} />
      </fieldset>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="mb-1 text-sm font-medium">SGD with momentum: v ← β·v + g, w ← w − α·v</legend>
        <NumberField label="w" value={s.mw} step={0.1} onChange={(mw) => set({ mw })} />
        <NumberField label="g" value={s.mg} step={0.1} onChange={(mg) => set({ mg })} />
        <NumberField label="v" value={s.mv} step={0.1} onChange={(mv) => set({ mv })} />
        <NumberField label="α" value={s.mlr} step={0.01} onChange={(mlr) => set({ mlr })} />
        <NumberField label="β" value={s.beta} step={0.05} onChange={(beta) => set({ beta })} />
      </fieldset>
      <PredictReveal widget="gradient-descent" question={`what is w after step 1 (from w₀ = ${s.w0})?`} revealed={s.reveal} onReveal={() => set({ reveal: true })}>
        {r && (
          <>
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead>
                  <tr className="text-left"><th className="pr-2">step</th><th className="pr-2">w</th><th className="pr-2">ŷ = w·x</th><th className="pr-2">L</th><th className="pr-2">∂L/∂ŷ = 2(ŷ−y)</th><th className="pr-2">∂L/∂w by hand</th><th className="pr-2">tf.grad</th><th>w next</th></tr>
                </thead>
                <tbody className="font-mono" data-testid="gd-steps">
                  {r.steps.map((st) => (
                    <tr key={st.step}>
                      <td className="pr-2">{st.step}</td><td className="pr-2">{fmt(st.w, 4)}</td><td className="pr-2">{fmt(st.yhat, 4)}</td><td className="pr-2">{fmt(st.loss, 4)}</td>
                      <td className="pr-2">{fmt(st.dLdyhat, 4)}</td><td className="pr-2">{fmt(st.grad, 4)}</td><td className="pr-2">{fmt(st.autodiff, 4)}</td>
                      <td data-testid={`gd-w-${st.step}`}>{fmt(st.wNext, 4)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="text-sm">Optimum: w = y/x = {s.x !== 0 ? fmt(s.y / s.x, 4) : "—"}. Too large an α (above 1/x² = {s.x !== 0 ? fmt(1 / (s.x * s.x), 4) : "—"}) makes w overshoot and diverge.</p>
            <div className="grid grid-cols-3 gap-2">
              <Stat label="v_new = β·v + g" value={fmt(r.momentum.vNew, 4)} />
              <Stat label="w_new by hand" value={fmt(r.momentum.wNew, 4)} testId="gd-momentum-w" />
              <Stat label="tf.train.momentum" value={fmt(r.momentum.tfW, 4)} testId="gd-momentum-tf" />
            </div>
          </>
        )}
      </PredictReveal>
    </WidgetFrame>
  );
}
