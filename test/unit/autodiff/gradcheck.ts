/**
 * Finite-difference checking of emitted gradients. Builds f(inputs), reduces it to a scalar
 * with a fixed random projection (so every output element matters with a different weight),
 * runs d loss / d input in ONNX Runtime and compares with central differences.
 */
import * as ort from 'onnxruntime-node';
import { gradients } from '../../../src/autodiff';
import { GraphBuilder, writeOnnx, type Value } from '../../../src/graph';
import { typedFrom } from '../../../src/graph/dtype';
import { isStatic, numElements } from '../../../src/graph/shape';
import { Rng } from '../../../src/util/rng';

type FloatDType = 'float32' | 'float64';

export interface CheckInput {
  name: string;
  shape: number[];
  /** Values; default: seeded normal samples. */
  values?: number[];
  /** Integer inputs (indices, labels) are fed but not differentiated. */
  dtype?: 'int64' | 'int32' | 'bool';
}

export interface GradCheckResult {
  /** max |analytic - numeric| over all checked elements */
  maxAbsError: number;
  /** maxAbsError divided by the largest numeric gradient magnitude (≥ 1e-3) */
  relError: number;
  analytic: Float64Array[];
  numeric: Float64Array[];
}

export async function gradCheck(
  inputs: CheckInput[],
  build: (g: GraphBuilder, xs: Value[]) => Value,
  options: { dtype?: FloatDType; eps?: number; seed?: number } = {},
): Promise<GradCheckResult> {
  const dtype = options.dtype ?? 'float64';
  const eps = options.eps ?? (dtype === 'float64' ? 1e-6 : 1e-2);
  const rng = new Rng(options.seed ?? 1234);

  const g = new GraphBuilder('gradcheck');
  const xs = inputs.map((s) => g.input(s.name, s.dtype ?? dtype, s.shape));
  const y = build(g, xs);
  if (!isStatic(y.shape)) throw new Error('gradcheck needs a static output shape');
  const projection = Array.from({ length: numElements(y.shape) }, () => rng.normal());
  const weights = g.constant({ dtype, shape: [...y.shape], data: typedFrom(dtype, projection) }, 'projection');
  const loss = g.reduceSum(g.mul(y, weights), undefined, false);
  g.output(loss, 'loss');
  const differentiable = xs.filter((_, i) => !inputs[i].dtype);
  const grads = gradients(g, loss, differentiable);
  grads.forEach((d, i) => g.output(d, `grad_${differentiable[i].name}`));
  const session = await ort.InferenceSession.create(writeOnnx(g.graph));

  const values = inputs.map((s) => {
    const n = numElements(s.shape);
    const v = s.values ?? Array.from({ length: n }, () => rng.normal());
    return typedFrom(s.dtype ?? dtype, v);
  });
  const feeds = () => Object.fromEntries(inputs.map((s, i) => [s.name, new ort.Tensor(s.dtype ?? dtype, values[i] as never, s.shape)]));
  const evalLoss = async () => Number((await session.run(feeds())).loss.data[0]);

  const out = await session.run(feeds());
  const analytic: Float64Array[] = [];
  const numeric: Float64Array[] = [];
  let maxAbsError = 0;
  let maxNumeric = 1e-3;
  for (const [i, s] of inputs.entries()) {
    if (s.dtype) continue;
    const a = Float64Array.from(out[`grad_${s.name}`].data as Float64Array);
    const data = values[i] as Float64Array | Float32Array;
    const n = new Float64Array(data.length);
    for (let k = 0; k < data.length; k++) {
      const orig = data[k];
      data[k] = orig + eps;
      const up = await evalLoss();
      data[k] = orig - eps;
      const down = await evalLoss();
      data[k] = orig;
      n[k] = (up - down) / (2 * eps);
      maxAbsError = Math.max(maxAbsError, Math.abs(n[k] - a[k]));
      maxNumeric = Math.max(maxNumeric, Math.abs(n[k]));
    }
    analytic.push(a);
    numeric.push(n);
  }
  await session.release();
  return { maxAbsError, relError: maxAbsError / maxNumeric, analytic, numeric };
}
