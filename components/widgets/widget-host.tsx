"use client";
// Loaded only when a widget opens (next/dynamic in widget-slot.tsx): this chunk brings TF.js and the model code.
import type { ComponentType } from "react";
import { WIDGETS, type WidgetName } from "@/lib/widgets/registry";
import { AttentionScalingWidget, CausalMaskWidget, MultiHeadWidget, type WidgetProps } from "./attention-widgets";
import { KVCacheWidget, SamplingWidget } from "./generation-widgets";
import { GradientDescentWidget, ParameterCountWidget, ShapeJourneyWidget } from "./model-widgets";
import { LayerNormWidget, PerplexityWidget, PositionalEncodingWidget } from "./stream-widgets";

export const IMPLEMENTED: Partial<Record<WidgetName, ComponentType<WidgetProps>>> = {
  "attention-scaling": AttentionScalingWidget,
  sampling: SamplingWidget,
  "kv-cache": KVCacheWidget,
  "causal-mask": CausalMaskWidget,
  "multi-head": MultiHeadWidget,
  "shape-journey": ShapeJourneyWidget,
  "gradient-descent": GradientDescentWidget,
  "parameter-count": ParameterCountWidget,
  perplexity: PerplexityWidget,
  "positional-encoding": PositionalEncodingWidget,
  "layer-norm": LayerNormWidget,
};

const FALLBACK = "Attention mechanisms allow models to focus on relevant parts of the input sequence when";

/** The starter that talks about the widget's concept, else the first one. */
function defaultPrompt(name: WidgetName, prompts: string[]): string {
  const entry = WIDGETS.find((w) => w.name === name);
  const lower = (p: string) => p.toLowerCase();
  return prompts.find((p) => entry?.match.some((r) => r.test(lower(p)))) ?? prompts[0] ?? FALLBACK;
}

export default function WidgetHost({ name, prompts }: { name: WidgetName; prompts: string[] }) {
  const Widget = IMPLEMENTED[name];
  if (!Widget) return <p className="text-sm text-zinc-500">This widget is not built yet.</p>;
  return <Widget prompts={prompts} defaultText={defaultPrompt(name, prompts)} />;
}
