"use client";
// Widgets about attention itself: scaling by sqrt(d), causal masking, multi-head patterns and ablation.
import { attentionScaling, attentionStep, causalCounterfactual, headPatterns, randomDotProducts, window } from "@/lib/widgets/compute";
import { AttentionMap, AttentionSteps } from "./attention-map";
import { NumberField, PredictReveal, PromptInput, Select, Stat, WidgetFrame, fmt, useModelRun, useUrlState } from "./frame";
import type { Runtime } from "./runtime";

export interface WidgetProps {
  prompts: string[];
  defaultText: string;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => ({ value: i, label: String(i) }));

function encode(rt: Runtime | null, text: string) {
  return rt ? rt.vocab.encode(text) : { ids: [], unknown: [] };
}

// ---------------------------------------------------------------------------------------------

export function AttentionScalingWidget({ prompts, defaultText }: WidgetProps) {
  const [s, set] = useUrlState("attention-scaling", { text: defaultText, layer: 0, head: 0, d: 512, query: -1, reveal: false });
  const run = useModelRun(
    async (rt) => {
      const ids = rt.vocab.encode(s.text).ids;
      if (ids.length < 2) throw new Error("type at least two characters");
      const layer = Math.min(s.layer, rt.model.config.nLayer - 1);
      const head = Math.min(s.head, rt.model.config.nHead - 1);
      const real = await attentionScaling(rt.model, ids, layer, head);
      const step = await attentionStep(rt.model, ids, layer, head, s.query < 0 ? real.T - 1 : s.query); // -1: the last character
      const random = await randomDotProducts([...new Set([8, 64, s.d])].sort((a, b) => a - b), { queries: 32, keys: 32 });
      return { real, step, random };
    },
    [s.text, s.layer, s.head, s.d, s.query],
  );
  const cfg = run.runtime?.model.config;
  const r = run.result;
  const chars = run.runtime ? [...s.text].slice(-run.runtime.model.config.blockSize) : [];
  return (
    <WidgetFrame title="Attention scores scaled by √d" run={run}>
      <PromptInput value={s.text} onChange={(text) => set({ text })} prompts={prompts} max={cfg?.blockSize ?? 128} unknown={encode(run.runtime, s.text).unknown.map((u) => u.char)} />
      <div className="flex flex-wrap gap-3">
        <Select label="Layer" value={s.layer} options={range(cfg?.nLayer ?? 1)} onChange={(layer) => set({ layer })} />
        <Select label="Head" value={s.head} options={range(cfg?.nHead ?? 1)} onChange={(head) => set({ head })} />
        <NumberField label="Random vectors, d =" value={s.d} min={1} max={4096} onChange={(d) => set({ d })} testId="scaling-d" />
      </div>
      <PredictReveal
        widget="attention-scaling"
        question="if the scores were not divided by √d, would this head's attention be sharper or flatter?"
        options={["sharper", "flatter", "the same"]}
        revealed={s.reveal}
        onReveal={() => set({ reveal: true })}
      >
        {r && (
          <>
            <div className="grid gap-4 lg:grid-cols-2">
              <AttentionMap matrix={r.real.weightsScaled} chars={chars} label={`Weights, scores ÷ √${r.real.d} (as trained); click a row for its steps`} selected={r.step.query} onSelect={(query) => set({ query })} testId="scaling-map-scaled" />
              <AttentionMap matrix={r.real.weightsUnscaled} chars={chars} label="Weights, scores not divided" selected={r.step.query} onSelect={(query) => set({ query })} testId="scaling-map-unscaled" />
            </div>
            <AttentionSteps step={r.step} chars={chars} />
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              <Stat label="Var(q·k) raw" value={fmt(r.real.rawVariance)} />
              <Stat label={`Var(q·k / √${r.real.d})`} value={fmt(r.real.scaledVariance)} />
              <Stat label="Entropy scaled (nats)" value={fmt(r.real.entropyScaled)} testId="entropy-scaled" />
              <Stat label="Entropy unscaled" value={fmt(r.real.entropyUnscaled)} testId="entropy-unscaled" />
              <Stat label="Max weight scaled" value={fmt(r.real.maxScaled)} />
              <Stat label="Max weight unscaled" value={fmt(r.real.maxUnscaled)} />
            </div>
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="text-left text-xs text-zinc-500">Random q, k with unit-variance entries (32 queries × 32 keys), computed now</caption>
                <thead>
                  <tr className="text-left">
                    <th className="pr-3">d</th><th className="pr-3">Var(q·k)</th><th className="pr-3">Var(q·k/√d)</th><th className="pr-3">max weight raw / scaled</th><th>entropy raw / scaled</th>
                  </tr>
                </thead>
                <tbody className="font-mono">
                  {r.random.map((x) => (
                    <tr key={x.d} data-testid={`random-d-${x.d}`}>
                      <td className="pr-3">{x.d}</td>
                      <td className="pr-3" data-testid={x.d === s.d ? "random-raw-var" : undefined}>{fmt(x.rawVariance, 1)}</td>
                      <td className="pr-3" data-testid={x.d === s.d ? "random-scaled-var" : undefined}>{fmt(x.scaledVariance)}</td>
                      <td className="pr-3">{fmt(x.maxRaw, 2)} / {fmt(x.maxScaled, 2)}</td>
                      <td>{fmt(x.entropyRaw, 2)} / {fmt(x.entropyScaled, 2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              A dot product of d unit-variance terms has variance d; dividing by √d brings it back to 1, so softmax does not saturate
              (a near one-hot row has gradients near zero).
            </p>
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="scaling-trained-note">
              This trained head&apos;s scaled scores have variance {fmt(r.real.scaledVariance, 2)}, not 1: the √d argument assumes the entries of q and k are
              independent with variance 1, as at initialisation. Training is free to learn larger, correlated q and k when sharp attention lowers the
              loss; √d only fixes where training starts, so the softmax is not saturated from the first step.
            </p>
          </>
        )}
      </PredictReveal>
    </WidgetFrame>
  );
}

// ---------------------------------------------------------------------------------------------

export function CausalMaskWidget({ prompts, defaultText }: WidgetProps) {
  const [s, set] = useUrlState("causal-mask", { text: defaultText, edit: 6, char: "Z", layer: 0, head: 0, reveal: false });
  const run = useModelRun(
    async (rt) => {
      const ids = window(rt.model, rt.vocab.encode(s.text).ids);
      if (ids.length < 2) throw new Error("type at least two characters");
      const newId = rt.vocab.encode(s.char || "Z").ids[0] ?? 0;
      return causalCounterfactual(rt.model, ids, s.edit, newId, Math.min(s.layer, rt.model.config.nLayer - 1), Math.min(s.head, rt.model.config.nHead - 1));
    },
    [s.text, s.edit, s.char, s.layer, s.head],
  );
  const cfg = run.runtime?.model.config;
  const r = run.result;
  const chars = run.runtime ? [...s.text].slice(-run.runtime.model.config.blockSize) : [];
  const before = r ? r.diffMasked.slice(0, r.edit) : [];
  const beforeOff = r ? r.diffUnmasked.slice(0, r.edit) : [];
  return (
    <WidgetFrame title="Causal masking" run={run}>
      <PromptInput value={s.text} onChange={(text) => set({ text })} prompts={prompts} max={cfg?.blockSize ?? 128} />
      <div className="flex flex-wrap gap-3">
        <NumberField label="Edit position" value={s.edit} min={0} max={Math.max(0, chars.length - 1)} onChange={(edit) => set({ edit })} testId="causal-edit" />
        <div className="flex items-center gap-2">
          <label htmlFor="causal-char" className="text-sm">to the character</label>
          <input id="causal-char" maxLength={1} className="w-12 rounded-md border border-zinc-300 px-2 py-1 text-base dark:border-zinc-700 dark:bg-zinc-900" value={s.char} onChange={(e) => set({ char: e.target.value })} />
        </div>
        <Select label="Layer" value={s.layer} options={range(cfg?.nLayer ?? 1)} onChange={(layer) => set({ layer })} />
        <Select label="Head" value={s.head} options={range(cfg?.nHead ?? 1)} onChange={(head) => set({ head })} />
      </div>
      <p className="text-sm">
        Editing <code>{JSON.stringify(chars[Math.min(s.edit, chars.length - 1)] ?? "")}</code> at position {s.edit} to <code>{JSON.stringify(s.char)}</code>.
      </p>
      <PredictReveal
        widget="causal-mask"
        question="with the mask, do the model's outputs at positions before the edit change?"
        options={["they change", "they stay exactly equal"]}
        revealed={s.reveal}
        onReveal={() => set({ reveal: true })}
      >
        {r && (
          <>
            <AttentionMap matrix={r.weights} chars={chars} label={`Weights of layer ${s.layer}, head ${s.head} (upper triangle: −∞ before softmax → exactly 0)`} testId="causal-map" />
            <div className="grid grid-cols-2 gap-2">
              <Stat label={`Max |Δ logits| before position ${r.edit}, with mask`} value={before.length ? fmt(Math.max(...before), 6) : "–"} testId="causal-before-masked" />
              <Stat label="… without the mask" value={beforeOff.length ? fmt(Math.max(...beforeOff), 6) : "–"} testId="causal-before-unmasked" />
            </div>
            <DiffBars masked={r.diffMasked} unmasked={r.diffUnmasked} edit={r.edit} chars={chars} />
          </>
        )}
      </PredictReveal>
    </WidgetFrame>
  );
}

function DiffBars({ masked, unmasked, edit, chars }: { masked: number[]; unmasked: number[]; edit: number; chars: string[] }) {
  const top = Math.max(1e-9, ...masked, ...unmasked);
  const bar = (v: number, color: string) => <div className={`w-full ${color}`} style={{ height: `${v > 0 ? Math.max(4, (100 * v) / top) : 0}%` }} />;
  return (
    <div className="overflow-x-auto">
      <div className="text-xs text-zinc-500">Change in each position&apos;s output: <span className="text-indigo-600">with mask</span> / <span className="text-rose-600">without</span></div>
      <div className="flex min-w-max items-end gap-px">
        {masked.map((m, t) => (
          <div key={t} className={`flex w-3 flex-col items-stretch gap-px ${t === edit ? "bg-amber-100 dark:bg-amber-900/40" : ""}`} title={`position ${t}: ${m.toExponential(2)} / ${unmasked[t].toExponential(2)}`}>
            <div className="flex h-12 flex-col justify-end">{bar(m, "bg-indigo-600")}</div>
            <div className="flex h-12 flex-col justify-end">{bar(unmasked[t], "bg-rose-600")}</div>
            <div className="text-center font-mono text-[10px]">{chars[t] === " " ? "␣" : chars[t]}</div>
          </div>
        ))}
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

export function MultiHeadWidget({ prompts, defaultText }: WidgetProps) {
  // layer -1: the layer whose heads differ most on this text, measured on every run (headDivergence)
  const [s, set] = useUrlState("multi-head", { text: defaultText, layer: -1, reveal: false });
  const run = useModelRun(
    async (rt) => {
      const ids = rt.vocab.encode(s.text).ids;
      if (ids.length < 3) throw new Error("type at least three characters");
      return headPatterns(rt.model, ids, s.layer < 0 ? "auto" : Math.min(s.layer, rt.model.config.nLayer - 1));
    },
    [s.text, s.layer],
  );
  const cfg = run.runtime?.model.config;
  const r = run.result;
  const chars = run.runtime ? [...s.text].slice(-run.runtime.model.config.blockSize) : [];
  const layers = [{ value: -1, label: "where heads differ most" }, ...range(cfg?.nLayer ?? 1)];
  return (
    <WidgetFrame title="Multi-head attention" run={run}>
      <PromptInput value={s.text} onChange={(text) => set({ text })} prompts={prompts} max={cfg?.blockSize ?? 128} />
      <Select label="Layer" value={s.layer} options={layers} onChange={(layer) => set({ layer })} testId="heads-layer" />
      <PredictReveal
        widget="multi-head"
        question="do the heads of one layer all look at the same places?"
        options={["yes, the same pattern", "no, each head differs"]}
        revealed={s.reveal}
        onReveal={() => set({ reveal: true })}
      >
        {r && (
          <>
            {r.divergence.length > 0 && (
              <p className="text-sm" data-testid="heads-chosen-layer">
                Showing layer {r.layer}: its heads differ most on this text (mean distance between heads&apos; rows, 0 = identical, 1 = disjoint:{" "}
                {r.divergence.map((d, l) => `layer ${l} ${fmt(d, 2)}`).join(", ")}).
              </p>
            )}
            <div className="grid gap-3 md:grid-cols-2">
              {r.patterns.map((p, h) => (
                <div key={h} className="min-w-0 space-y-1">
                  <div className="text-sm font-medium">Head {h}</div>
                  <AttentionMap matrix={p} chars={chars} label={`Layer ${r.layer}, head ${h}`} fit={260} testId={`head-map-${h}`} />
                  <div className="text-xs" data-testid={`ablate-${h}`}>
                    Switched off: loss {fmt(r.ablatedLoss[h])} ({r.ablatedLoss[h] >= r.baseLoss ? "+" : ""}
                    {fmt(r.ablatedLoss[h] - r.baseLoss)})
                  </div>
                </div>
              ))}
            </div>
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="head-summaries">
                <caption className="text-left text-xs text-zinc-500">What each head does on this text (means over query positions)</caption>
                <thead>
                  <tr className="text-left">
                    <th className="pr-2">head</th><th className="pr-2">looks back (chars)</th><th className="pr-2">on itself</th><th className="pr-2">on previous char</th><th className="pr-2">on first char</th><th>entropy (nats)</th>
                  </tr>
                </thead>
                <tbody className="font-mono">
                  {r.summaries.map((m, h) => (
                    <tr key={h}>
                      <td className="pr-2">{h}</td><td className="pr-2">{fmt(m.distance, 1)}</td><td className="pr-2">{fmt(m.self, 2)}</td><td className="pr-2">{fmt(m.previous, 2)}</td><td className="pr-2">{fmt(m.first, 2)}</td><td>{fmt(m.entropy, 2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Stat label="Loss with every head (nats per character)" value={fmt(r.baseLoss)} testId="heads-base-loss" />
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Each head projects to its own {cfg ? cfg.nEmbd / cfg.nHead : "?"} dimensions, so each can attend to different positions; the
              loss shows how much this text needs each one. Text: {chars.length} characters.
            </p>
          </>
        )}
      </PredictReveal>
    </WidgetFrame>
  );
}
