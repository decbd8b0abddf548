/** addOutputs: an intermediate value becomes a graph output that ORT computes; nothing else changes. */
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { GraphBuilder, writeOnnx } from '../../../src/graph';
import { OnnxReadError, addOutputs, readOnnx } from '../../../src/graph/onnx-reader';

/** y = tanh(x · 2 + b); returns the model and the name of the hidden x · 2 value. */
function model(): { bytes: Uint8Array; hidden: string } {
  const g = new GraphBuilder('small');
  const x = g.input('x', 'float32', ['batch', 3]);
  const b = g.constant({ dtype: 'float32', shape: [3], data: Float32Array.from([0.1, -0.2, 0.3]) }, 'b');
  const scaled = g.mul(x, 2);
  g.output(g.tanh(g.add(scaled, b)), 'y');
  return { bytes: writeOnnx(g.graph), hidden: scaled.name };
}

describe('addOutputs', () => {
  it('exposes an intermediate value that ORT then returns', async () => {
    const { bytes, hidden } = model();
    const out = addOutputs(bytes, [{ name: hidden, dtype: 'float32', shape: ['batch', 3] }, { name: 'b', dtype: 'float32' }]);
    const session = await ort.InferenceSession.create(out);
    assert.deepEqual(session.outputNames, ['y', hidden, 'b']);
    const x = Float32Array.from([1, 2, 3, -1, -2, -3]);
    const r = await session.run({ x: new ort.Tensor('float32', x, [2, 3]) });
    assert.deepEqual(Array.from(r[hidden].data as Float32Array), Array.from(x, (v) => v * 2));
    assert.deepEqual(Array.from(r.b.data as Float32Array), Array.from(Float32Array.from([0.1, -0.2, 0.3])));
    assert.deepEqual(r.y.dims, [2, 3]);
    await session.release();
  });

  it('keeps everything else as it was', () => {
    const { bytes, hidden } = model();
    const before = readOnnx(bytes);
    const after = readOnnx(addOutputs(bytes, [{ name: hidden, dtype: 'float32', shape: ['batch', 3] }]));
    assert.deepEqual({ ...after.graph, outputs: after.graph.outputs.slice(0, 1) }, before.graph);
    assert.deepEqual(after.graph.outputs[1], { name: hidden, kind: 'tensor', dtype: 'float32', dims: ['batch', 3] });
    assert.deepEqual({ ...after, graph: null }, { ...before, graph: null });
  });

  it('refuses unknown names and existing outputs', () => {
    const { bytes } = model();
    assert.throws(() => addOutputs(bytes, [{ name: 'nope', dtype: 'float32' }]), (e: Error) => e instanceof OnnxReadError && /no value named 'nope'/.test(e.message));
    assert.throws(() => addOutputs(bytes, [{ name: 'y', dtype: 'float32' }]), /'y' is already an output/);
  });
});
