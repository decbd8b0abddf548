/**
 * Whole-model gradient check in float64: the gradient with respect to every parameter,
 * projected on a random direction, against the central finite difference of the loss along
 * that direction. One function for every family's test.
 */
import { gradients } from '../../src/autodiff';
import assert from 'node:assert/strict';
import { GraphBuilder, writeOnnx, type TensorData, type Value } from '../../src/graph';
import { InputParams, initialWeights } from '../../src/nn/params';
import { RuntimeSession } from '../../src/runtime';
import type { Rng } from '../../src/util/rng';

export interface DirectionalCheck {
  analytic: number;
  numeric: number;
  relError: number;
  tensors: number;
}

export async function directionalGradientCheck(
  g: GraphBuilder,
  params: InputParams,
  loss: Value,
  batch: Record<string, TensorData>,
  options: { weightSeed: number; rng: Rng; eps?: number },
): Promise<DirectionalCheck> {
  g.output(loss, 'loss');
  gradients(g, loss, params.values).forEach((d, i) => g.output(d, `grad.${params.specs[i].name}`));
  const session = await RuntimeSession.create(writeOnnx(g.graph));
  try {
    const weights = initialWeights(params.specs, options.weightSeed, 'float64');
    const direction = new Map(params.specs.map((s) => [s.name, Float64Array.from(weights.get(s.name)!, () => options.rng.normal())]));
    const feedsAt = (t: number) => {
      const feeds = { ...batch };
      for (const s of params.specs) {
        const w = weights.get(s.name)!;
        const d = direction.get(s.name)!;
        feeds[s.name] = { dtype: 'float64', shape: s.shape, data: Float64Array.from(w, (x, i) => x + t * d[i]) };
      }
      return feeds;
    };
    const out = await session.run(feedsAt(0));
    let analytic = 0;
    for (const s of params.specs) {
      const grad = out[`grad.${s.name}`].data as Float64Array;
      const d = direction.get(s.name)!;
      for (let i = 0; i < grad.length; i++) analytic += grad[i] * d[i];
    }
    const eps = options.eps ?? 1e-5;
    const up = Number((await session.run(feedsAt(eps))).loss.data[0]);
    const down = Number((await session.run(feedsAt(-eps))).loss.data[0]);
    const numeric = (up - down) / (2 * eps);
    const relError = Math.abs(analytic - numeric) / Math.max(Math.abs(numeric), 1e-12);
    console.log(`      ${params.specs.length} parameter tensors; directional derivative ${analytic.toExponential(6)} vs ${numeric.toExponential(6)}, relative error ${relError.toExponential(2)}`);
    return { analytic, numeric, relError, tensors: params.specs.length };
  } finally {
    await session.release();
  }
}

/** A (rows, columns) int32 batch tensor from its values, row by row. */
export function int32Rows(rows: number, columns: number, values: number[]): TensorData {
  return { dtype: 'int32', shape: [rows, columns], data: Int32Array.from(values) };
}

/**
 * The masked-LM families' whole-model check: a float64 graph whose int32 inputs are the batch's
 * tensors (same names and shapes), the loss `buildLoss` makes of them, and the two conditions
 * every family's test asserts: a non-trivial directional gradient, and < 1e-4 relative error.
 */
export async function assertWholeModelGradient(
  name: string,
  batch: Record<string, TensorData>,
  buildLoss: (g: GraphBuilder, params: InputParams, inputs: Record<string, Value>) => Value,
  rng: Rng,
): Promise<void> {
  const g = new GraphBuilder(name);
  const params = new InputParams(g, 'float64');
  const inputs = Object.fromEntries(Object.entries(batch).map(([key, t]) => [key, g.input(key, 'int32', t.shape)]));
  const loss = buildLoss(g, params, inputs);
  const { analytic, relError } = await directionalGradientCheck(g, params, loss, batch, { weightSeed: 5, rng });
  assert.ok(Math.abs(analytic) > 1e-3, 'the direction must carry a non-trivial gradient');
  assert.ok(relError < 1e-4, `relative error ${relError}`);
}
