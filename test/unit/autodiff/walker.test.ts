/** The reverse walker's own semantics, independent of any one op's rule. */
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { gradients, MissingGradientError } from '../../../src/autodiff';
import { GraphBuilder, writeOnnx, type Value } from '../../../src/graph';
import { gradCheck } from './gradcheck';

/** Runs the graph on float64 inputs filled with `fill(i)` and returns every output. */
async function run(g: GraphBuilder, fill = (i: number) => i / 10 - 0.3): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(writeOnnx(g.graph));
  const feeds = Object.fromEntries(
    g.graph.inputs.map((v) => {
      const dims = v.shape as number[];
      const data = Float64Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => fill(i));
      return [v.name, new ort.Tensor('float64', data, dims)];
    }),
  );
  const out = await session.run(feeds);
  await session.release();
  return out;
}

/** A small graph: loss = Σ tanh(a·b + c) with a (2,3), b (3,), c (2,1) broadcast together. */
function broadcastGraph(): { g: GraphBuilder; xs: Value[]; loss: Value } {
  const g = new GraphBuilder('walker');
  const xs = [g.input('a', 'float64', [2, 3]), g.input('b', 'float64', [3]), g.input('c', 'float64', [2, 1])];
  const [a, b, c] = xs;
  const loss = g.reduceSum(g.tanh(g.add(g.mul(a, b), c)), undefined, false);
  return { g, xs, loss };
}

describe('gradient walker', () => {
  it('sums the contributions of a value used three times', async () => {
    const r = await gradCheck([{ name: 'x', shape: [2, 3] }], (g, [x]) => g.add(g.add(g.mul(x, x), g.tanh(x)), x));
    assert.ok(r.relError < 1e-6, `relError ${r.relError}`);
  });

  it('sums fan-out at an intermediate value', async () => {
    const r = await gradCheck([{ name: 'x', shape: [5] }], (g, [x]) => {
      const h = g.sigmoid(x);
      return g.concat([g.mul(h, h), g.exp(h), h], 0);
    });
    assert.ok(r.relError < 1e-6, `relError ${r.relError}`);
  });

  it('gives exact closed-form gradients for x used three times', async () => {
    const g = new GraphBuilder('fanout');
    const x = g.input('x', 'float64', [4]);
    const loss = g.reduceSum(g.add(g.mul(x, x), g.mul(x, 3)), undefined, false); // Σ x² + 3x
    g.output(loss, 'loss');
    g.output(gradients(g, loss, [x])[0], 'dx');
    const out = await run(g, (i) => i - 1.5);
    assert.deepEqual(Array.from(out.dx.data as Float64Array), [-1.5, -0.5, 0.5, 1.5].map((v) => 2 * v + 3));
  });

  it('gives zeros of the right shape to inputs that do not reach the loss', async () => {
    const g = new GraphBuilder('unused');
    const x = g.input('x', 'float64', [2, 3]);
    const z = g.input('z', 'float64', [4, 1]);
    // z feeds a node with no gradient rule, off the loss path: must not be visited.
    g.output(g.reduceMax(z, [0], true), 'zmax');
    const loss = g.reduceSum(g.mul(x, x), undefined, false);
    g.output(loss, 'loss');
    const [dx, dz] = gradients(g, loss, [x, z]);
    g.output(dx, 'dx');
    g.output(dz, 'dz');
    assert.deepEqual(dz.shape, [4, 1]);
    const out = await run(g, (i) => i + 1);
    assert.deepEqual(out.dz.dims, [4, 1]);
    assert.deepEqual(Array.from(out.dz.data as Float64Array), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(out.dx.data as Float64Array), [2, 4, 6, 8, 10, 12]);
  });

  it('throws naming the op and the node when a node on the path has no rule', () => {
    const g = new GraphBuilder('norule');
    const x = g.input('x', 'float64', [2, 3]);
    const loss = g.reduceSum(g.reduceMax(x, [1], false), undefined, false);
    assert.throws(
      () => gradients(g, loss, [x]),
      (err: Error) => err instanceof MissingGradientError && /'ReduceMax'/.test(err.message) && /node ReduceMax_\d+/.test(err.message),
    );
  });

  it('gives every gradient exactly its input shape, statically and in ORT', async () => {
    const { g, xs, loss } = broadcastGraph();
    const grads = gradients(g, loss, xs);
    grads.forEach((d, i) => {
      assert.deepEqual(d.shape, xs[i].shape, `gradient of ${xs[i].name}`);
      g.output(d, `d_${xs[i].name}`);
    });
    const out = await run(g);
    for (const x of xs) assert.deepEqual(out[`d_${x.name}`].dims, x.shape);
  });

  it('rejects a non-scalar loss without a seed', () => {
    const g = new GraphBuilder('nonscalar');
    const x = g.input('x', 'float64', [2]);
    assert.throws(() => gradients(g, g.tanh(x), [x]), /must be a scalar, got shape \[2\]/);
  });
});
