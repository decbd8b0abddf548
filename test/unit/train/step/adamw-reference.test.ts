/**
 * The AdamW + global-norm clipping graph against a plain-TypeScript reference written from
 * the PyTorch definitions, on the same gradients, over 10 steps.
 */
import assert from 'node:assert/strict';
import { GraphBuilder, writeOnnx, type TensorData } from '../../../../src/graph';
import { type AdamWConfig, adamwUpdate, clipCoefficient, globalNorm } from '../../../../src/train/step/adamw';
import { RuntimeSession } from '../../../../src/runtime';
import { Rng } from '../../../../src/util/rng';

interface RefTensor {
  p: Float64Array;
  m: Float64Array;
  v: Float64Array;
  decay: boolean;
}

/** torch.nn.utils.clip_grad_norm_ followed by torch.optim.AdamW.step, element by element. */
function referenceStep(tensors: RefTensor[], grads: Float64Array[], step: number, lr: number, c: AdamWConfig): void {
  let sq = 0;
  for (const gr of grads) for (const x of gr) sq += x * x;
  const norm = Math.sqrt(sq);
  const coef = c.clipNorm > 0 ? Math.min(1, c.clipNorm / (norm + 1e-6)) : 1;
  const bc1 = 1 - c.beta1 ** step;
  const bc2 = 1 - c.beta2 ** step;
  tensors.forEach((t, k) => {
    for (let i = 0; i < t.p.length; i++) {
      const d = grads[k][i] * coef;
      if (t.decay) t.p[i] *= 1 - lr * c.weightDecay;
      t.m[i] = c.beta1 * t.m[i] + (1 - c.beta1) * d;
      t.v[i] = c.beta2 * t.v[i] + (1 - c.beta2) * d * d;
      t.p[i] -= (lr / bc1) * (t.m[i] / (Math.sqrt(t.v[i]) / Math.sqrt(bc2) + c.eps));
    }
  });
}

const shapes = [
  [3, 4],
  [4],
  [2, 3, 2],
];

async function compare(dtype: 'float32' | 'float64', cfg: AdamWConfig, gradScale: number, refCfg: AdamWConfig = cfg): Promise<number> {
  const g = new GraphBuilder('adamw');
  const step = g.input('step', dtype, []);
  const lr = g.input('lr', dtype, []);
  const tensors = shapes.map((shape, i) => ({
    param: g.input(`p${i}`, dtype, shape),
    grad: g.input(`g${i}`, dtype, shape),
    m: g.input(`m${i}`, dtype, shape),
    v: g.input(`v${i}`, dtype, shape),
    decay: shape.length >= 2,
  }));
  const norm = globalNorm(g, tensors.map((t) => t.grad));
  const updates = adamwUpdate(g, tensors, step, lr, cfg, cfg.clipNorm > 0 ? clipCoefficient(g, norm, cfg.clipNorm) : undefined);
  updates.forEach((u, i) => {
    g.output(u.param, `p${i}_next`);
    g.output(u.m, `m${i}_next`);
    g.output(u.v, `v${i}_next`);
  });
  const session = await RuntimeSession.create(writeOnnx(g.graph));
  const rng = new Rng(11);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const ref: RefTensor[] = shapes.map((s) => ({
    p: Float64Array.from({ length: size(s) }, () => rng.normal()),
    m: new Float64Array(size(s)),
    v: new Float64Array(size(s)),
    decay: s.length >= 2,
  }));
  const Arr = dtype === 'float32' ? Float32Array : Float64Array;
  let state: { p: Float32Array | Float64Array; m: Float32Array | Float64Array; v: Float32Array | Float64Array }[] = ref.map((t) => ({ p: Arr.from(t.p), m: Arr.from(t.m), v: Arr.from(t.v) }));
  let maxDiff = 0;
  for (let s = 1; s <= 10; s++) {
    const lrValue = Math.fround(1e-2 * (1 - s / 20));
    // Values exactly representable in float32, so both sides see the same gradients.
    const grads = shapes.map((sh) => Float64Array.from({ length: size(sh) }, () => Math.fround(rng.normal() * gradScale)));
    const t = (data: Float32Array | Float64Array, shape: number[]): TensorData => ({ dtype, shape, data });
    const feeds: Record<string, TensorData> = { step: t(Arr.of(s), []), lr: t(Arr.of(lrValue), []) };
    shapes.forEach((sh, i) => {
      feeds[`p${i}`] = t(state[i].p, sh);
      feeds[`m${i}`] = t(state[i].m, sh);
      feeds[`v${i}`] = t(state[i].v, sh);
      feeds[`g${i}`] = t(Arr.from(grads[i]), sh);
    });
    const out = await session.run(feeds);
    state = shapes.map((_, i) => ({
      p: out[`p${i}_next`].data as Float64Array,
      m: out[`m${i}_next`].data as Float64Array,
      v: out[`v${i}_next`].data as Float64Array,
    }));
    referenceStep(ref, grads, s, lrValue, refCfg);
    // Relative to max(1, |p|): float32 parameters near 3 carry a rounding unit of 2.4e-7.
    ref.forEach((r, i) => r.p.forEach((x, k) => (maxDiff = Math.max(maxDiff, Math.abs(x - state[i].p[k]) / Math.max(1, Math.abs(x))))));
  }
  await session.release();
  return maxDiff;
}

describe('AdamW + clipping graph vs a plain-TypeScript reference', () => {
  const cfg: AdamWConfig = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 };
  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: parameters agree to 1e-6 over 10 steps with clipping active`, async () => {
      const diff = await compare(dtype, cfg, 5); // gradient norm ≈ 5√26 ≫ 1: clipping engages
      console.log(`      max |Δparam| / max(1, |param|) = ${diff.toExponential(2)}`);
      assert.ok(diff < 1e-6, `max difference ${diff}`);
    });
  }
  it('float32: agrees without clipping and with small gradients', async () => {
    const diff = await compare('float32', { ...cfg, clipNorm: 0 }, 1e-3);
    assert.ok(diff < 1e-6, `max difference ${diff}`);
  });
  it('the comparison is sensitive: a reference with another weight decay disagrees', async () => {
    const diff = await compare('float64', cfg, 5, { ...cfg, weightDecay: 0.2 });
    assert.ok(diff > 1e-5, `expected a visible difference, got ${diff}`);
  });
});
