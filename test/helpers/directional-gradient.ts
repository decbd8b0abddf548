/**
 * Whole-model gradient check in float64: the gradient with respect to every parameter,
 * projected on a random direction, against the central finite difference of the loss along
 * that direction. One function for every family's test.
 */
import { gradients } from '../../src/autodiff';
import { writeOnnx, type GraphBuilder, type TensorData, type Value } from '../../src/graph';
import { type InputParams, initialWeights } from '../../src/nn/params';
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
