"use client";
// Widgets about what flows through the model: perplexity per character, positional encodings, the residual stream.
import { textInCorpus, type CorpusMatch } from "@/lib/model";
import { perplexityOf, positionalEncodings, residualStream, unigramFrom } from "@/lib/widgets/compute";
import { Heatmap, PredictReveal, PromptInput, Select, Stat, WidgetFrame, fmt, useModelRun, useUrlState } from "./frame";
import type { WidgetProps } from "./attention-widgets";

const show = (c: string) => (c === " " ? "␣" : c === "\n" ? "⏎" : c === "\u0000" ? "�" : c);

let countsOnce: Promise<Record<string, number>> | null = null;
function corpusCounts(): Promise<Record<string, number>> {
  countsOnce ??= fetch("/api/widgets/unigram").then(async (r) => {
    if (!r.ok) throw new Error(`unigram counts: HTTP ${r.status}`);
    return ((await r.json()) as { counts: Record<string, number> }).counts;
  });
  countsOnce.catch(() => (countsOnce = null));
  return countsOnce;
}

let splitsOnce: Promise<{ train: string; val: string }> | null = null;
/** The text the shipped weights trained on and the held-out text, shipped beside them (public/model). */
function trainingSplits(): Promise<{ train: string; val: string }> {
  const get = async (file: string) => {
    const r = await fetch(`/model/${file}`);
    if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
    return r.text();
  };
  splitsOnce ??= Promise.all([get("train.txt"), get("validation.txt")]).then(([train, val]) => ({ train, val }));
  splitsOnce.catch(() => (splitsOnce = null));
  return splitsOnce;
}

export function PerplexityWidget({ prompts, defaultText }: WidgetProps) {
  const [s, set] = useUrlState("perplexity", { text: defaultText, reveal: false });
  const run = useModelRun(
    async (rt) => {
      const [counts, splits] = await Promise.all([corpusCounts(), trainingSplits()]);
      const unigram = unigramFrom(counts, rt.vocab.chars);
      const text = s.text.slice(-rt.model.config.blockSize);
      const seen = { train: textInCorpus(text, splits.train), val: textInCorpus(text, splits.val) };
      return { ...(await perplexityOf(rt.model, rt.vocab.encode(s.text).ids, unigram)), seen };
    },
    [s.text],
  );
  const rt = run.runtime;
  const r = run.result;
  const top = r ? Math.max(...r.loss, ...r.unigramLoss) : 1;
  return (
    <WidgetFrame title="Cross-entropy and perplexity" run={run}>
      <PromptInput value={s.text} onChange={(text) => set({ text })} prompts={prompts} max={rt?.model.config.blockSize ?? 128} />
      <PredictReveal
        widget="perplexity"
        question="will the model's perplexity on your text be below the unigram baseline (character frequencies alone)?"
        options={["below", "about the same", "above"]}
        revealed={s.reveal}
        onReveal={() => set({ reveal: true })}
      >
        {r && rt && (
          <>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              <Stat label="Cross-entropy (nats/char)" value={fmt(r.meanLoss)} testId="ppl-loss" />
              <Stat label="Perplexity = e^loss" value={fmt(r.perplexity, 2)} testId="ppl-model" />
              <Stat label="Unigram baseline" value={fmt(r.unigramPerplexity, 2)} testId="ppl-unigram" />
              <Stat label="Uniform baseline = V" value={String(r.uniformPerplexity)} />
            </div>
            <div>
              <div className="text-xs text-zinc-500">
                Surprise per character, −ln p (bar height): <span className="text-indigo-600">model</span> / <span className="text-zinc-400">unigram</span>. Hover for numbers.
              </div>
              <div className="flex flex-wrap items-end gap-px" data-testid="ppl-chars">
                {r.chars.map((id, i) => (
                  <div key={i} className="flex w-3.5 flex-col items-stretch" title={`${JSON.stringify(rt.vocab.chars[id])}: model ${r.loss[i].toFixed(2)} nats (p = ${Math.exp(-r.loss[i]).toFixed(3)}), unigram ${r.unigramLoss[i].toFixed(2)}`}>
                    <div className="flex h-14 items-end gap-px">
                      <div className="w-1/2 bg-indigo-600" style={{ height: `${(100 * r.loss[i]) / top}%` }} />
                      <div className="w-1/2 bg-zinc-300 dark:bg-zinc-600" style={{ height: `${(100 * r.unigramLoss[i]) / top}%` }} />
                    </div>
                    <div className="text-center font-mono text-[10px]">{show(rt.vocab.chars[id])}</div>
                  </div>
                ))}
              </div>
            </div>
            <p className="text-sm" data-testid="ppl-seen" data-in-training={r.seen.train.whole || r.seen.train.share > 0 ? "1" : "0"}>
              {seenNote(r.seen)}
            </p>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Perplexity is the number of characters the model is, on average, choosing between. The first character has no prefix, so it is not scored.
            </p>
          </>
        )}
      </PredictReveal>
    </WidgetFrame>
  );
}

export function PositionalEncodingWidget({ prompts, defaultText }: WidgetProps) {
  const [s, set] = useUrlState("positional-encoding", { text: defaultText, reveal: false });
  const run = useModelRun(async (rt) => positionalEncodings(rt.model, rt.vocab.encode(s.text).ids), [s.text]);
  const rt = run.runtime;
  const r = run.result;
  const shuffled = r && rt ? rt.vocab.decode(r.shuffled) : "";
  return (
    <WidgetFrame title="Positional encodings" run={run}>
      <PromptInput value={s.text} onChange={(text) => set({ text })} prompts={prompts} max={rt?.model.config.blockSize ?? 128} />
      <PredictReveal
        widget="positional-encoding"
        question="with no position information at all, does reversing the text before its last character change the model's next-character prediction?"
        options={["yes", "no"]}
        revealed={s.reveal}
        onReveal={() => set({ reveal: true })}
      >
        {r && (
          <>
            <div className="flex flex-wrap gap-4">
              <Heatmap matrix={r.learned.map((row) => row.map((v) => Math.abs(v)))} label={`Learned position table (|value|), rows 0–${r.T - 1}`} />
              <Heatmap matrix={r.learnedCosine.map((row) => row.map((v) => Math.max(0, v)))} max={1} label="Learned: cosine similarity of positions" />
              <Heatmap matrix={r.sinusoidalCosine.map((row) => row.map((v) => Math.max(0, v)))} max={1} label="Sinusoidal: cosine similarity of positions" />
            </div>
            <p className="break-words text-sm">
              Reordered text (same characters, same last one): <code>{shuffled}</code>
            </p>
            <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
              <Stat label="Δ next-char logits, with positions" value={fmt(r.lastDiffWith, 4)} testId="pos-with" />
              <Stat label="… no position table (mask still on)" value={fmt(r.lastDiffWithout, 4)} testId="pos-without" />
              <Stat label="… no positions, no mask: a bag of characters" value={r.lastDiffBag.toExponential(1)} testId="pos-bag" />
              <Stat label="Loss of your text, with positions" value={fmt(r.lossWith)} />
              <Stat label="… without the position table" value={fmt(r.lossWithout)} testId="pos-loss-without" />
            </div>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Attention is a weighted sum: without positions it cannot tell orderings apart, except through what the causal mask lets each position see.
            </p>
          </>
        )}
      </PredictReveal>
    </WidgetFrame>
  );
}

export function LayerNormWidget({ prompts, defaultText }: WidgetProps) {
  const [s, set] = useUrlState("layer-norm", { text: defaultText, kind: 0, layer: -1, reveal: false });
  const run = useModelRun(
    async (rt) =>
      residualStream(rt.model, rt.vocab.encode(s.text).ids, {
        kind: s.kind === 0 ? "layernorm" : "residual",
        layer: s.layer < 0 ? "all" : Math.min(s.layer, rt.model.config.nLayer - (s.kind === 0 ? 0 : 1)),
      }),
    [s.text, s.kind, s.layer],
  );
  const rt = run.runtime;
  const r = run.result;
  const L = rt?.model.config.nLayer ?? 4;
  const layerOptions = [{ value: -1, label: "every layer" }, ...Array.from({ length: L }, (_, l) => ({ value: l, label: `block ${l}` })), ...(s.kind === 0 ? [{ value: L, label: "final LayerNorm" }] : [])];
  const name = (l: number) => (l === L ? "final LayerNorm" : `block ${l}`);
  return (
    <WidgetFrame title="Layer norm and the residual stream" run={run}>
      <PromptInput value={s.text} onChange={(text) => set({ text })} prompts={prompts} max={rt?.model.config.blockSize ?? 128} />
      <div className="flex flex-wrap gap-3">
        <Select label="Bypass" value={s.kind} options={[{ value: 0, label: "LayerNorm" }, { value: 1, label: "residual connection" }]} onChange={(kind) => set({ kind })} testId="ln-kind" />
        <Select label="at" value={s.layer} options={layerOptions} onChange={(layer) => set({ layer })} testId="ln-layer" />
      </div>
      <PredictReveal widget="layer-norm" question="how much will the loss rise when this part is bypassed?" options={["barely", "a little", "a lot"]} revealed={s.reveal} onReveal={() => set({ reveal: true })}>
        {r && (
          <>
            <div className="grid grid-cols-2 gap-2">
              <Stat label="Loss as trained (nats/char)" value={fmt(r.loss)} testId="ln-loss" />
              <Stat label={r.bypassed.label} value={fmt(r.bypassed.loss)} testId="ln-bypassed-loss" />
            </div>
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="text-left text-xs text-zinc-500">The residual stream entering each LayerNorm: mean and standard deviation over the C features, averaged over positions</caption>
                <thead><tr className="text-left"><th className="pr-2">entering</th><th className="pr-2">mean</th><th className="pr-2">std</th><th className="pr-2">mean (bypassed)</th><th>std (bypassed)</th></tr></thead>
                <tbody className="font-mono" data-testid="ln-table">
                  {r.layers.map((l, i) => (
                    <tr key={l.layer}>
                      <td className="pr-2 font-sans">{name(l.layer)}</td><td className="pr-2">{fmt(l.mean)}</td><td className="pr-2">{fmt(l.std)}</td>
                      <td className="pr-2">{fmt(r.bypassed.layers[i].mean)}</td><td>{fmt(r.bypassed.layers[i].std)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Pre-norm: each sublayer reads LayerNorm(x) (mean 0, std 1 per position) and adds its output to x, so the stream can grow while every sublayer sees well-scaled input.
            </p>
          </>
        )}
      </PredictReveal>
    </WidgetFrame>
  );
}

/** Whether the model has seen this text: a low perplexity on text it trained on is memory, not skill. */
function seenNote(seen: { train: CorpusMatch; val: CorpusMatch }): string {
  if (seen.train.whole) return "This text occurs word for word in the model's training text, so a low perplexity here partly measures memory.";
  if (seen.train.share > 0)
    return `${Math.round(seen.train.share * 100)}% of this text sits inside passages of 32+ characters copied from the training text; those characters are easier for the model than new text.`;
  if (seen.val.whole || seen.val.share > 0) return "This text comes from the held-out validation text: the model never trained on it, so its perplexity is an honest measure.";
  return "This text is not in the training text (no 32-character passage of it is), so its perplexity measures how the model generalises.";
}
