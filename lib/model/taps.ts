// Taps (look inside a forward pass) and switches (change it), for the "show me" widgets.
import * as tf from "@tensorflow/tfjs";

/**
 * Experiments a widget can run. Defaults reproduce the trained model.
 * Tap names they affect: see Recorder below.
 */
export interface Switches {
  scaling?: boolean; // false: scores are not divided by sqrt(head_dim)
  causalMask?: boolean; // false: every position sees the future too (full pass only; a KV cache has no future)
  positionalEmbedding?: boolean; // false: the position table is not added
  ablateHeads?: { layer: number; head: number }[]; // these heads output zeros
  bypassResidual?: "all" | number[]; // blocks (by layer) whose sublayers replace x instead of adding to it
  bypassLayerNorm?: "all" | number[]; // blocks whose LayerNorms are identity (layer nLayer = the final LayerNorm)
}

/**
 * Which intermediates to keep as tensors: true for all, or name prefixes (e.g. ["h0.attn.head1", "logits"]).
 * Shapes of every intermediate are recorded whenever taps are on.
 *
 * Names, per layer l and head h:
 *   input, embed.tok, embed.pos, embed.out,
 *   h{l}.in (residual stream in), h{l}.ln1.mean/std (stats of the LayerNorm input, [B,T]),
 *   h{l}.attn.head{h}.q/k/v, .scores.raw, .scores.scaled, .scores.masked, .weights ([B,T,Tk]), .out,
 *   h{l}.attn.head{h}.kCache/vCache (KV-cache passes), h{l}.attn.concat, h{l}.attn.out, h{l}.attended,
 *   h{l}.ln2.mean/std, h{l}.ffn.hidden, h{l}.ffn.out, h{l}.out, lnf.mean/std, logits.
 */
export type TapRequest = boolean | string[];

export interface ForwardOptions {
  taps?: TapRequest;
  switches?: Switches;
}

/** Collects shapes and chosen tensors during a pass. Tensors survive the pass's tf.tidy; free them with dispose(). */
export class Recorder {
  readonly shapes: Record<string, number[]> = {};
  readonly tensors: Record<string, tf.Tensor> = {};
  constructor(private readonly request: TapRequest | undefined) {}

  get on(): boolean {
    return this.request !== undefined && this.request !== false;
  }

  /** `make` is only called when taps are on, so an untapped pass does no extra work. */
  record(name: string, make: () => tf.Tensor): void {
    if (!this.on) return;
    const t = make();
    this.shapes[name] = t.shape.slice();
    if (this.request === true || (Array.isArray(this.request) && this.request.some((p) => name.startsWith(p)))) {
      // A clone shares the data but has its own lifetime: disposing taps never frees the pass's result.
      this.tensors[name] = tf.keep(t.clone());
    }
  }

  /** Reads every kept tensor into plain arrays and frees them. */
  async read(): Promise<Record<string, { shape: number[]; data: Float32Array | Int32Array }>> {
    const out: Record<string, { shape: number[]; data: Float32Array | Int32Array }> = {};
    for (const [name, t] of Object.entries(this.tensors)) {
      out[name] = { shape: t.shape.slice(), data: (await t.data()) as Float32Array | Int32Array };
    }
    this.dispose();
    return out;
  }

  dispose(): void {
    for (const [name, t] of Object.entries(this.tensors)) {
      if (!t.isDisposed) t.dispose();
      delete this.tensors[name];
    }
  }
}
