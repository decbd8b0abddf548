/** Shape inference errors name the node, the op and the shapes involved. */
import assert from 'node:assert/strict';
import { GraphBuildError, GraphBuilder, type Value } from '../../../src/graph';

type Build = (g: GraphBuilder, f: (name: string, shape: number[]) => Value) => void;

/** [what, build, op in the node name, fragments the message must contain] */
const cases: [string, Build, string, string[]][] = [
  ['MatMul [2,3] × [4,5]', (g, f) => g.matmul(f('a', [2, 3]), f('b', [4, 5])), 'MatMul', ['[2, 3] × [4, 5]', 'a float32[2, 3]', 'b float32[4, 5]']],
  ['Add [2,3] + [4]', (g, f) => g.add(f('a', [2, 3]), f('b', [4])), 'Add', ['cannot broadcast [2, 3] with [4]', 'dimension 1: 3 vs 4']],
  ['Gemm inner mismatch', (g, f) => g.gemm(f('a', [2, 3]), f('b', [2, 3])), 'Gemm', ['inner dimensions differ', '[2, 3] × [2, 3]']],
  ['Reshape 6 elements to [4,2]', (g, f) => g.reshape(f('x', [2, 3]), [4, 2]), 'Reshape', ['cannot reshape [2, 3] (6 elements) to [4, 2]']],
  ['Concat mismatch', (g, f) => g.concat([f('a', [2, 3]), f('b', [3, 3])], 1), 'Concat', ['[2, 3], [3, 3]']],
  ['Squeeze a non-1 axis', (g, f) => g.squeeze(f('x', [2, 3]), [1]), 'Squeeze', ['cannot squeeze axis 1 of [2, 3]']],
  ['Softmax axis out of range', (g, f) => g.softmax(f('x', [2, 3]), 2), 'Softmax', ['axis 2 is out of range for rank 2']],
  ['Split sizes', (g, f) => g.split(f('x', [2, 5]), [2, 2], 1), 'Split', ['split sizes [2,2] do not add up to 5']],
];

describe('shape inference errors', () => {
  for (const [what, build, op, fragments] of cases) {
    it(what, () => {
      const g = new GraphBuilder('errors');
      g.scope('block0', () => {
        assert.throws(
          () => build(g, (name, shape) => g.input(name, 'float32', shape)),
          (err: Error) => {
            assert.ok(err instanceof GraphBuildError, String(err));
            // The node's full scoped name and its op, then every fragment.
            assert.match(err.message, new RegExp(`^node block0/${op}_\\d+ \\(${op}\\): `));
            for (const s of fragments) assert.ok(err.message.includes(s), `"${err.message}" lacks "${s}"`);
            return true;
          },
        );
      });
    });
  }
});
