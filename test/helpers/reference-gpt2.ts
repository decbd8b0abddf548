/**
 * An independent GPT-2 forward pass in plain TypeScript (float64 loops, no graph, no ORT),
 * written from the Hugging Face GPT2LMHeadModel definition. Slow, only for tiny models: it
 * checks that our ONNX graph computes what GPT-2 computes.
 */
import type { Gpt2Config } from '../../src/models/configs';

type W = (name: string) => ArrayLike<number>;

function layerNorm(x: Float64Array, gain: ArrayLike<number>, bias: ArrayLike<number>, eps: number): Float64Array {
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  return x.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * gain[i] + bias[i]);
}

/** Conv1D: x (In) · W [In, Out] + b (Out). */
function conv1d(x: Float64Array, w: ArrayLike<number>, b: ArrayLike<number>, out: number): Float64Array {
  const y = Float64Array.from({ length: out }, (_, j) => b[j]);
  for (let i = 0; i < x.length; i++) for (let j = 0; j < out; j++) y[j] += x[i] * w[i * out + j];
  return y;
}

const geluNew = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));

/** Logits (T, V) of one sequence: the hidden states times the tied token embeddings. */
export function referenceGpt2Logits(cfg: Gpt2Config, w: W, ids: number[]): Float64Array[] {
  const wte = w('transformer.wte.weight');
  return referenceGpt2Hidden(cfg, w, ids).map((h) =>
    Float64Array.from({ length: cfg.vocab_size }, (_, v) => {
      let dot = 0;
      for (let c = 0; c < cfg.n_embd; c++) dot += h[c] * wte[v * cfg.n_embd + c];
      return dot;
    }),
  );
}

/** Hidden states (T, C) of one sequence after the final LayerNorm (GPT2Model's output). */
export function referenceGpt2Hidden(cfg: Gpt2Config, w: W, ids: number[]): Float64Array[] {
  const C = cfg.n_embd;
  const H = cfg.n_head;
  const D = C / H;
  const wte = w('transformer.wte.weight');
  const wpe = w('transformer.wpe.weight');
  let xs = ids.map((id, t) => Float64Array.from({ length: C }, (_, c) => wte[id * C + c] + wpe[t * C + c]));
  for (let l = 0; l < cfg.n_layer; l++) {
    const p = (s: string) => w(`transformer.h.${l}.${s}`);
    const qkv = xs.map((x) => conv1d(layerNorm(x, p('ln_1.weight'), p('ln_1.bias'), cfg.layer_norm_epsilon), p('attn.c_attn.weight'), p('attn.c_attn.bias'), 3 * C));
    const attended = xs.map((_, t) => {
      const out = new Float64Array(C);
      for (let h = 0; h < H; h++) {
        const scores = Array.from({ length: t + 1 }, (_, s) => {
          let dot = 0;
          for (let d = 0; d < D; d++) dot += qkv[t][h * D + d] * qkv[s][C + h * D + d];
          return dot / Math.sqrt(D);
        });
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const z = e.reduce((a, b) => a + b, 0);
        e.forEach((weight, s) => {
          for (let d = 0; d < D; d++) out[h * D + d] += (weight / z) * qkv[s][2 * C + h * D + d];
        });
      }
      return conv1d(out, p('attn.c_proj.weight'), p('attn.c_proj.bias'), C);
    });
    xs = xs.map((x, t) => x.map((v, c) => v + attended[t][c]));
    const inner = cfg.n_inner ?? 4 * C;
    xs = xs.map((x) => {
      const hidden = conv1d(layerNorm(x, p('ln_2.weight'), p('ln_2.bias'), cfg.layer_norm_epsilon), p('mlp.c_fc.weight'), p('mlp.c_fc.bias'), inner).map(geluNew);
      const mlp = conv1d(hidden, p('mlp.c_proj.weight'), p('mlp.c_proj.bias'), C);
      return x.map((v, c) => v + mlp[c]);
    });
  }
  return xs.map((x) => layerNorm(x, w('transformer.ln_f.weight'), w('transformer.ln_f.bias'), cfg.layer_norm_epsilon));
}
