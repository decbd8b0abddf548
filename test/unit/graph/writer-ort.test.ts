/**
 * Every op the builder can emit, written by our ONNX writer and run by ORT: the file must load
 * and the run-time output shapes must equal the shapes our inference gave at build time.
 */
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { GraphBuilder, writeOnnx, type Value } from '../../../src/graph';
import { inferenceOps } from '../../../src/graph/ops';

interface Kit {
  g: GraphBuilder;
  /** A float32 graph input of this shape. */
  f: (...shape: number[]) => Value;
  /** An int64 constant. */
  i: (values: number[], shape?: number[]) => Value;
}

type Build = (k: Kit) => Value | Value[];

const cases: [string, Build][] = [
  ...['Neg', 'Sqrt', 'Exp', 'Log', 'Tanh', 'Erf', 'Relu', 'Sigmoid', 'Abs', 'Reciprocal', 'Identity', 'Gelu'].map(
    (op): [string, Build] => [op, ({ g, f }) => g.node(op, [f(2, 3)])],
  ),
  ...['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Pow'].map((op): [string, Build] => [op, ({ g, f }) => g.node(op, [f(2, 1, 3), f(4, 1)])]),
  ...['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual'].map((op): [string, Build] => [op, ({ g, f }) => g.node(op, [f(2, 3), f(3)])]),
  ...['And', 'Or'].map((op): [string, Build] => [op, ({ g, f }) => g.node(op, [g.less(f(2, 3), 0), g.greater(f(3), 0)])]),
  ['Not', ({ g, f }) => g.not(g.less(f(2, 3), 0))],
  ['Where', ({ g, f }) => g.where(g.less(f(1, 3), 0), f(2, 1), f(3))],
  ['Cast', ({ g, f }) => g.cast(f(2, 3), 'int32')],
  ['Clip', ({ g, f }) => g.node('Clip', [f(2, 3), g.scalar(-0.5), g.scalar(0.5)])],
  ['MatMul', ({ g, f }) => [g.matmul(f(2, 3, 4), f(4, 5)), g.matmul(f(4), f(2, 4, 3)), g.matmul(f(3), f(3))]],
  ['Gemm', ({ g, f }) => g.gemm(f(4, 3), f(2, 4), f(2), { transA: true, transB: true, alpha: 0.5, beta: 2 })],
  ['ReduceSum', ({ g, f }) => [g.reduceSum(f(2, 3, 4), [0, -1], false), g.reduceSum(f(2, 3), undefined, true)]],
  ['ReduceMean', ({ g, f }) => g.reduceMean(f(2, 3, 4), [1], true)],
  ['ReduceMax', ({ g, f }) => g.reduceMax(f(2, 3, 4), [2], false)],
  ['ArgMax', ({ g, f }) => [g.argMax(f(2, 3, 4), 2), g.argMax(f(2, 3), -1, true)]],
  ['ReduceSumSquare', ({ g, f, i }) => g.node('ReduceSumSquare', [f(2, 3), i([1])], { keepdims: 0 })],
  ['Softmax', ({ g, f }) => g.softmax(f(2, 3, 4), 1)],
  ['LogSoftmax', ({ g, f }) => g.logSoftmax(f(2, 3), 0)],
  ['LayerNormalization', ({ g, f }) => g.node('LayerNormalization', [f(2, 3, 4), f(3, 4), f(3, 4)], { axis: -2, epsilon: 1e-5 }, { numOutputs: 3 })],
  ['SoftmaxCrossEntropyLoss', ({ g, f, i }) => [g.softmaxCrossEntropy(f(3, 4), i([1, -100, 3]), -100, 'none'), ...g.node('SoftmaxCrossEntropyLoss', [f(2, 4, 5), i([0, 1, 2, 3, 0, 1, 2, 3, 0, 1], [2, 5])], { reduction: 'sum' }, { numOutputs: 2 })]],
  ['Transpose', ({ g, f }) => g.transpose(f(2, 3, 4), [1, 2, 0])],
  ['Reshape', ({ g, f }) => g.reshape(f(2, 3, 4), [0, -1, 2])],
  ['Unsqueeze', ({ g, f }) => g.unsqueeze(f(2, 3), [0, -1])],
  ['Squeeze', ({ g, f }) => [g.squeeze(f(2, 1, 3, 1), [-1]), g.node('Squeeze', [f(1, 3, 1)])[0]]],
  ['Concat', ({ g, f }) => g.concat([f(2, 1), f(2, 3)], -1)],
  ['Split', ({ g, f }) => [...g.split(f(2, 6), [1, 2, 3], 1), ...g.node('Split', [f(6, 2)], { axis: 0, num_outputs: 3 }, { numOutputs: 3 })]],
  ['Slice', ({ g, f }) => g.slice(f(3, 5), [-4, 1], [-1, 2 ** 53], [1, 0])],
  ['Expand', ({ g, f }) => g.expand(f(3, 1), [2, 3, 4])],
  ['Pad', ({ g, f }) => g.pad(f(2, 3), [0, 1, 2, 0])],
  ['Shape', ({ g, f }) => g.shape(f(2, 3, 4))],
  ['ConstantOfShape', ({ g, i }) => g.node('ConstantOfShape', [i([2, 3])], { value: { dtype: 'float32', shape: [1], data: Float32Array.from([0.5]) } })],
  ['Range', ({ g }) => g.range(g.scalar(1, 'int64'), g.scalar(8, 'int64'), g.scalar(3, 'int64'))],
  ['Trilu', ({ g, f }) => g.trilu(f(3, 4), false, g.scalar(-1, 'int64'))],
  ['Gather', ({ g, f, i }) => [g.gather(f(5, 3), i([4, 0, 4, -1], [2, 2])), g.gather(f(2, 5), i([1, 3]), 1)]],
  ['GatherElements', ({ g, f, i }) => g.gatherElements(f(2, 4), i([0, 3, 1, 1, 2, 0], [2, 3]), 1)],
  ['ScatterND', ({ g, f, i }) => g.scatterND(f(4, 3), i([1, 1, 3], [3, 1]), f(3, 3), 'add')],
  ['ScatterElements', ({ g, f, i }) => g.scatterElements(f(2, 4), i([0, 3, 0], [1, 3]), f(1, 3), 1, 'add')],
];

describe('writer output loads in ORT with the inferred shapes', () => {
  it('covers every op that has shape inference', () => {
    const tested = new Set(cases.map(([op]) => op));
    assert.deepEqual(inferenceOps().filter((op) => !tested.has(op)), []);
  });

  for (const [op, build] of cases) {
    it(op, async () => {
      const g = new GraphBuilder(`ort_${op}`);
      let n = 0;
      const kit: Kit = {
        g,
        f: (...shape) => g.input(`in${n++}`, 'float32', shape),
        i: (values, shape = [values.length]) => g.constant({ dtype: 'int64', shape, data: BigInt64Array.from(values.map(BigInt)) }, 'idx'),
      };
      const built = build(kit);
      const outs = (Array.isArray(built) ? built : [built]).map((v, k) => g.output(v, `out${k}`));
      assert.ok(g.graph.nodes.some((node) => node.op === op), `no ${op} node built`);
      const session = await ort.InferenceSession.create(writeOnnx(g.graph));
      const feeds = Object.fromEntries(
        g.graph.inputs.map((v) => {
          const dims = v.shape as number[];
          const data = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, k) => 0.25 + ((k * 7) % 5) / 4);
          return [v.name, new ort.Tensor('float32', data, dims)];
        }),
      );
      const result = await session.run(feeds);
      for (const v of outs) {
        assert.deepEqual(result[v.name].dims, v.shape, `${v.name} of ${op}`);
        assert.equal(result[v.name].type, v.dtype, `${v.name} dtype`); // our dtype names are ORT's
      }
      await session.release();
    });
  }
});

describe('optional inputs', () => {
  it('a LayerNormalization without bias loads under full optimisation and normalises', async () => {
    // Written with a trailing '' for the absent bias, ORT 1.30 crashed the process (SIGSEGV)
    // while optimising at level 'extended' or above; the writer now leaves trailing absent inputs out.
    const g = new GraphBuilder('ln_without_bias');
    const x = g.input('x', 'float32', [2, 4]);
    const y = g.layerNorm(x, g.constant({ dtype: 'float32', shape: [4], data: Float32Array.of(1, 1, 1, 2) }), undefined, 1e-5);
    g.output(y, 'y');
    const session = await ort.InferenceSession.create(writeOnnx(g.graph), { graphOptimizationLevel: 'all' });
    const { y: out } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4, 0, 0, 0, 8), [2, 4]) });
    const expected = [-1.3416, -0.4472, 0.4472, 2.6833, -0.5774, -0.5774, -0.5774, 3.4641];
    (out.data as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-3, `y[${i}] = ${v}, expected ${expected[i]}`));
    await session.release();
  });
});
