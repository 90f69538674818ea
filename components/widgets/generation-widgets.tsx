"use client";
// Widgets about generating text: the next-character distribution with temperature / top-k / top-p, and the KV cache.
import { joinKV, kvCachedDecode, kvRerunComparison, nextCharDistribution, samplingStages, type KVStep } from "@/lib/widgets/compute";
import { NumberField, PredictReveal, PromptInput, Stat, WidgetFrame, fmt, useFollowUp, useModelRun, useUrlState } from "./frame";
import type { WidgetProps } from "./attention-widgets";

const show = (c: string) => (c === " " ? "␣" : c === "\n" ? "⏎" : c === "\u0000" ? "�" : c);

export function SamplingWidget({ prompts, defaultText }: WidgetProps) {
  const [s, set] = useUrlState("sampling", { text: defaultText, temperature: 1, topK: 0, topP: 1, seed: 1, reveal: false });
  const logitsRun = useModelRun(
    async (rt) => {
      const ids = rt.vocab.encode(s.text).ids;
      if (ids.length < 1) throw new Error("type at least one character");
      return nextCharDistribution(rt.model, ids);
    },
    [s.text],
  );
  const rt = logitsRun.runtime;
  const r = logitsRun.result ? samplingStages(logitsRun.result, { temperature: s.temperature, topK: s.topK, topP: s.topP, seed: s.seed, samples: 30 }) : null;
  const chars = rt?.vocab.chars ?? [];
  const order = r ? Array.from(r.stages[0].probs.keys()).sort((a, b) => r.stages[0].probs[b] - r.stages[0].probs[a]) : [];
  const shown = order.slice(0, 16);
  return (
    <WidgetFrame title="Softmax, temperature, top-k and top-p" run={logitsRun}>
      <PromptInput value={s.text} onChange={(text) => set({ text })} prompts={prompts} max={rt?.model.config.blockSize ?? 128} />
      <p className="text-xs text-zinc-500">The cursor is at the end of your text: the model predicts the next character.</p>
      <div className="flex flex-wrap gap-3">
        <NumberField label="Temperature" value={s.temperature} min={0} max={20} step={0.1} onChange={(temperature) => set({ temperature })} testId="sampling-temperature" />
        <NumberField label="top-k (0 off)" value={s.topK} min={0} max={chars.length || 200} step={1} onChange={(topK) => set({ topK: Math.round(topK) })} testId="sampling-topk" />
        <NumberField label="top-p (1 off)" value={s.topP} min={0.01} max={1} step={0.05} onChange={(topP) => set({ topP })} testId="sampling-topp" />
        <NumberField label="Seed" value={s.seed} min={0} step={1} onChange={(seed) => set({ seed: Math.round(seed) })} />
      </div>
      <PredictReveal
        widget="sampling"
        question={`at temperature ${s.temperature}, how many characters will have at least 1% probability?`}
        revealed={s.reveal}
        onReveal={() => set({ reveal: true })}
      >
        {r && (
          <>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              {r.stages.map((st, i) => (
                <Stat key={i} label={`${st.label}: kept · entropy`} value={`${st.kept} · ${fmt(st.entropy)} nats`} testId={`sampling-stage-${i}`} />
              ))}
            </div>
            <Stat label="Characters ≥ 1% after temperature" value={String(Array.from(r.stages[1].probs).filter((p) => p >= 0.01).length)} testId="sampling-above1" />
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="text-left text-xs text-zinc-500">
                  The 16 likeliest of all {chars.length} characters (probabilities over the full vocabulary, not renormalised top-50)
                </caption>
                <thead>
                  <tr className="text-left"><th className="pr-2">char</th>{r.stages.map((st, i) => <th key={i} className="pr-2 font-normal text-xs">{st.label}</th>)}</tr>
                </thead>
                <tbody className="font-mono">
                  {shown.map((id) => (
                    <tr key={id}>
                      <td className="pr-2">{show(chars[id])}</td>
                      {r.stages.map((st, i) => (
                        <td key={i} className="pr-2">
                          <div className="flex items-center gap-1">
                            <div className="h-2 bg-indigo-500" style={{ width: `${Math.round(st.probs[id] * 60)}px` }} />
                            <span className="text-xs">{st.probs[id] > 0 ? st.probs[id].toFixed(3) : "0"}</span>
                          </div>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div>
              <div className="text-xs text-zinc-500">30 samples with seed {s.seed} from the last distribution</div>
              <div className="break-all font-mono" data-testid="sampling-samples">{r.samples.map((id) => show(chars[id])).join(" ")}</div>
            </div>
          </>
        )}
      </PredictReveal>
    </WidgetFrame>
  );
}

export function KVCacheWidget({ prompts, defaultText }: WidgetProps) {
  // 8 new characters: the comparison reruns the ~120-character prefix once per character (~30 ms each on wasm).
  const [s, set] = useUrlState("kv-cache", { text: defaultText, tokens: 8, reveal: false });
  // First result: the cached continuation (prefill + decode steps, shapes, FLOPs). The reruns it is compared with
  // follow once that is on screen, timed on their own; the badge times the first stage, the comparison line the second.
  const run = useModelRun(
    async (rt) => {
      const ids = rt.vocab.encode(s.text).ids;
      if (ids.length < 1) throw new Error("type at least one character");
      return kvCachedDecode(rt.model, ids, Math.max(2, Math.min(64, s.tokens)));
    },
    [s.text, s.tokens],
    400,
  );
  const rerun = useFollowUp(run, (cached, rt) => kvRerunComparison(rt.model, cached));
  const rt = run.runtime;
  const c = run.result;
  const r = c && rerun.result ? joinKV(c, rerun.result) : null;
  const text = (ids: number[]) => (rt ? rt.vocab.decode(ids) : "");
  const last = c?.steps[c.steps.length - 1];
  const pending = rerun.error ? "error" : "…";
  return (
    <WidgetFrame title="KV cache: prefill and decode" run={run}>
      <PromptInput value={s.text} onChange={(text) => set({ text })} prompts={prompts} max={(rt?.model.config.blockSize ?? 128) - s.tokens} />
      <NumberField label="New characters" value={s.tokens} min={2} max={64} onChange={(tokens) => set({ tokens: Math.round(tokens) })} testId="kv-tokens" />
      <PredictReveal
        widget="kv-cache"
        question="while decoding, what is the shape of Q for one head, and of its cached K?"
        revealed={s.reveal}
        onReveal={() => set({ reveal: true })}
      >
        {c && last && (
          <>
            <div className="grid gap-2 sm:grid-cols-2">
              <div className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
                <div className="text-xs text-zinc-500">With the cache (greedy)</div>
                <div className="break-words font-mono text-sm" data-testid="kv-with">{text(c.ids)}</div>
                <div className="text-xs">prefill {fmt(c.prefillMs, 1)} ms, then {fmt(c.msPerToken, 1)} ms per character on average</div>
              </div>
              <div className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
                <div className="text-xs text-zinc-500">Without: the whole prefix rerun (unpadded) each step</div>
                <div className="break-words font-mono text-sm" data-testid="kv-without">{r ? text(r.without.ids) : ""}</div>
                <div className="text-xs" data-testid="kv-comparison" data-state={rerun.error ? "error" : r ? "done" : "running"}>
                  {rerun.error ? (
                    <span className="text-red-700 dark:text-red-400">rerun failed: {rerun.error}</span>
                  ) : r ? (
                    `${fmt(r.without.msPerToken, 1)} ms per character (${c.ids.length} reruns: ${fmt(rerun.ms!, 0)} ms, run after the cached result)`
                  ) : (
                    "rerunning the prefix for every character…"
                  )}
                </div>
              </div>
            </div>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              <Stat label="Same text?" value={r ? (r.identical ? "identical" : "different") : pending} testId="kv-identical" />
              <Stat label="Decode step vs rerun (median)" value={r ? `${fmt(r.speedup, 1)}× faster` : pending} testId="kv-speedup" />
              <Stat label="Q at the last step" value={`[${last.qShape.join(", ")}]`} testId="kv-q-shape" />
              <Stat label="Cached K, V per head" value={`[${last.kCacheShape.join(", ")}], ${last.filled} rows filled`} testId="kv-k-shape" />
            </div>
            {r && <StepTimes steps={r.steps} />}
            <div className="max-h-64 overflow-auto">
              <table className="w-full text-sm">
                <caption className="text-left text-xs text-zinc-500">
                  Per decode step (shapes of layer 0, head 0, as the model recorded them). FLOPs: the matrix products for the positions computed,
                  each attending over itself and earlier positions, counted the same way for both.
                  {r && ` Max |Δ logits| decode vs full: ${r.maxLogitDiff.toExponential(1)}.`}
                </caption>
                <thead>
                  <tr className="text-left"><th className="pr-2">step</th><th className="pr-2">Q</th><th className="pr-2">K, V cache (rows filled)</th><th className="pr-2">ms cached</th><th className="pr-2">ms rerun</th><th className="pr-2">FLOPs cached</th><th>FLOPs rerun</th></tr>
                </thead>
                <tbody className="font-mono" data-testid="kv-steps">
                  {c.steps.map((st, i) => (
                    <tr key={st.step}>
                      <td className="pr-2">{st.step}</td>
                      <td className="pr-2">[{st.qShape.join(",")}]</td>
                      <td className="pr-2">[{st.kCacheShape.join(",")}] ({st.filled})</td>
                      <td className="pr-2">{fmt(st.msWithCache, 1)}</td>
                      <td className="pr-2">{r ? fmt(r.steps[i].msWithout, 1) : pending}</td>
                      <td className="pr-2">{st.flopsWithCache.toExponential(2)}</td>
                      <td>{st.flopsWithout.toExponential(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              K and V of past positions never change, so they are kept; each query is used once, by its own position, so Q needs no cache.
              The cache has a fixed size (blockSize rows) so shapes never change while decoding.
            </p>
          </>
        )}
      </PredictReveal>
    </WidgetFrame>
  );
}

/** Per-step time, cached decode vs rerun, as two lines (ms on a shared axis from 0). */
function StepTimes({ steps }: { steps: KVStep[] }) {
  if (steps.length < 2) return null;
  const W = 320, H = 120, pad = 28;
  const top = Math.max(...steps.map((s) => Math.max(s.msWithCache, s.msWithout)), 1e-3);
  const x = (i: number) => pad + (i / (steps.length - 1)) * (W - pad - 6);
  const y = (ms: number) => H - 18 - (ms / top) * (H - 28);
  const line = (pick: (s: KVStep) => number) => steps.map((s, i) => `${x(i).toFixed(1)},${y(pick(s)).toFixed(1)}`).join(" ");
  return (
    <figure className="space-y-1">
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full max-w-md" role="img" aria-label="milliseconds per decode step, with and without the cache" data-testid="kv-step-times">
        <line x1={pad} y1={y(0)} x2={W - 6} y2={y(0)} className="stroke-zinc-300 dark:stroke-zinc-600" />
        <text x={2} y={y(top) + 4} className="fill-zinc-500 text-[9px]">{fmt(top, 0)} ms</text>
        <text x={2} y={y(0) + 3} className="fill-zinc-500 text-[9px]">0</text>
        <text x={pad} y={H - 4} className="fill-zinc-500 text-[9px]">step 1</text>
        <text x={W - 40} y={H - 4} className="fill-zinc-500 text-[9px]">step {steps.length}</text>
        <polyline points={line((s) => s.msWithout)} fill="none" className="stroke-amber-600" strokeWidth={1.5} />
        <polyline points={line((s) => s.msWithCache)} fill="none" className="stroke-indigo-600" strokeWidth={1.5} />
      </svg>
      <figcaption className="text-xs text-zinc-500">
        <span className="text-indigo-600">━</span> cached decode step · <span className="text-amber-600">━</span> rerun of the whole prefix (grows with its length). Both warmed up before timing.
      </figcaption>
    </figure>
  );
}
