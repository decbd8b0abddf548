/**
 * Generic float64 building blocks shared by the plain TypeScript encoder references
 * (reference-roberta/albert/electra/nezha and bert-reference.test.ts): nn.Linear, nn.LayerNorm,
 * the exact erf GELU and gelu_new, residual adds, embedding rows and softmax self-attention over
 * heads, all on weights addressed by HF names. Only generic math lives here; each family's quirks
 * stay in its own reference. Independent of src/graph and src/nn.
 */
import type { Weights } from '../../src/nn/params';

export type Mat = number[][]; // rows × columns

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): JavaScript has no Math.erf. */
export function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** Ops bound to one weight map and one LayerNorm eps. */
export function encoderOps(w: Weights, eps: number) {
  const get = (name: string) => {
    const t = w.get(name);
    if (!t) throw new Error(`reference: no weight ${name}`);
    return Array.from(t);
  };
  // nn.Linear: y = x Wᵀ + b with W stored [out, in].
  const linear = (x: Mat, name: string): Mat => {
    const W = get(`${name}.weight`);
    const b = get(`${name}.bias`);
    const inF = x[0].length;
    return x.map((v) => b.map((bias, o) => bias + v.reduce((s, xi, i) => s + xi * W[o * inF + i], 0)));
  };
  const layerNorm = (x: Mat, name: string): Mat => {
    const g = get(`${name}.weight`);
    const b = get(`${name}.bias`);
    return x.map((v) => {
      const mean = v.reduce((a, c) => a + c, 0) / v.length;
      const variance = v.reduce((a, c) => a + (c - mean) ** 2, 0) / v.length;
      return v.map((c, i) => ((c - mean) / Math.sqrt(variance + eps)) * g[i] + b[i]);
    });
  };
  const add = (a: Mat, b: Mat): Mat => a.map((v, i) => v.map((c, j) => c + b[i][j]));
  // ACT2FN["gelu"]: the exact erf form.
  const gelu = (x: Mat): Mat => x.map((v) => v.map((c) => 0.5 * c * (1 + erf(c / Math.SQRT2))));
  // ACT2FN["gelu_new"]: the tanh approximation.
  const geluNew = (x: Mat): Mat => x.map((v) => v.map((c) => 0.5 * c * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (c + 0.044715 * c ** 3)))));
  /** Row r of an embedding table `width` wide. */
  const row = (name: string, r: number, width: number) => get(name).slice(r * width, (r + 1) * width);
  /** A decoder tied to an embedding table: x · tableᵀ + bias (the table stored [V, width]). */
  const tiedDecoder = (x: Mat, tableName: string, biasName: string): Mat => {
    const table = get(tableName);
    const bias = get(biasName);
    return x.map((v) => bias.map((b, o) => b + v.reduce((s, xi, i) => s + xi * table[o * v.length + i], 0)));
  };
  return { get, linear, layerNorm, add, gelu, geluNew, row, tiedDecoder };
}

/** Element-wise sum of equal-length embedding rows (word + token type + position …). */
export function sumRows(first: number[], ...rest: number[][]): number[] {
  return first.map((c, i) => rest.reduce((s, r) => s + r[i], c));
}

/**
 * Softmax self-attention over `heads` heads of width C/heads: per head, softmax(q·kᵀ/√D + mask)
 * (masked keys get −1e30) times v, heads concatenated back to (T, C).
 */
export function multiHeadAttention(q: Mat, k: Mat, v: Mat, mask: readonly number[], heads: number): Mat {
  const T = q.length;
  const C = q[0].length;
  const D = C / heads;
  const context: Mat = q.map(() => new Array(C).fill(0));
  for (let head = 0; head < heads; head++) {
    for (let i = 0; i < T; i++) {
      const scores = k.map((_, j) => {
        let s = 0;
        for (let d = 0; d < D; d++) s += q[i][head * D + d] * k[j][head * D + d];
        return s / Math.sqrt(D) + (mask[j] ? 0 : -1e30);
      });
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const z = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < T; j++) for (let d = 0; d < D; d++) context[i][head * D + d] += (e[j] / z) * v[j][head * D + d];
    }
  }
  return context;
}

/**
 * One BertLayer (copied as-is by RoBERTa, ELECTRA and NEZHA in transformers): query/key/value
 * under `${p}.attention.self`, `attend` (plain multi-head attention unless a family overrides it),
 * attention.output dense + residual + LayerNorm, intermediate dense → `act` → output dense +
 * residual + LayerNorm.
 */
export function bertLayer(
  ops: ReturnType<typeof encoderOps>,
  h: Mat,
  p: string,
  act: (x: Mat) => Mat,
  attend: (q: Mat, k: Mat, v: Mat) => Mat,
): Mat {
  const { linear, layerNorm, add } = ops;
  const [q, k, v] = ['query', 'key', 'value'].map((n) => linear(h, `${p}.attention.self.${n}`));
  const context = attend(q, k, v);
  const attended = layerNorm(add(linear(context, `${p}.attention.output.dense`), h), `${p}.attention.output.LayerNorm`);
  return layerNorm(add(linear(act(linear(attended, `${p}.intermediate.dense`)), `${p}.output.dense`), attended), `${p}.output.LayerNorm`);
}
