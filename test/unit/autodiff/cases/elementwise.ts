/** Element-wise ops: broadcasting binaries (gradients reduced to each source shape) and unaries. */
import type { GraphBuilder, Value } from '../../../../src/graph';
import { type Float32Fallback, type GradCase, awayFromZero, fixed, uniform, x } from './types';

/** ORT 1.30's CPU provider registers Erf for float32 only (float64 session creation fails). */
export const ERF_FLOAT32: Float32Fallback = { why: 'ORT has no float64 Erf kernel', eps: 1e-2, tol: 2e-4 };
/** Exact Gelu in float64 is expanded by ORT into its ONNX function body, which uses Erf. */
const GELU_ERF_FLOAT32: Float32Fallback = { ...ERF_FLOAT32, why: 'float64 Gelu(none) expands to Erf, which ORT lacks in float64' };

type Unary = (g: GraphBuilder, v: Value) => Value;

/** One case per unary op (and variant) on a (2, 3, 4) input; `values` keeps it where the op is smooth. */
const unaries: [string, Unary, number[]?, string?, Float32Fallback?][] = [
  ['Neg', (g, v) => g.neg(v)],
  ['Identity', (g, v) => g.identity(v)],
  ['Sqrt', (g, v) => g.sqrt(v), uniform([2, 3, 4], 0.3, 2)],
  ['Log', (g, v) => g.log(v), uniform([2, 3, 4], 0.3, 2)],
  ['Exp', (g, v) => g.exp(v)],
  ['Reciprocal', (g, v) => g.reciprocal(v), awayFromZero([2, 3, 4], 0.5)],
  ['Tanh', (g, v) => g.tanh(v)],
  ['Sigmoid', (g, v) => g.sigmoid(v)],
  ['Gelu', (g, v) => g.gelu(v, 'none'), undefined, "approximate 'none'", GELU_ERF_FLOAT32],
  ['Gelu', (g, v) => g.gelu(v, 'tanh'), undefined, "approximate 'tanh'"],
  // Kinks at 0: every input is at least 0.1 away, far beyond the FD step.
  ['Relu', (g, v) => g.relu(v), awayFromZero([2, 3, 4])],
  ['Abs', (g, v) => g.abs(v), awayFromZero([2, 3, 4])],
];

const unaryCases: GradCase[] = unaries.map(([op, f, values, variant, float32]) => ({
  name: `${op}${variant ? ` ${variant}` : ''} on (2,3,4)`,
  covers: [op],
  inputs: [x('x', [2, 3, 4], values)],
  build: (g, [v]) => f(g, v),
  float32,
}));

/** (a shape, b shape) pairs that broadcast in different ways. */
const broadcasts: [number[], number[]][] = [
  [[2, 3, 4], [4]],
  [[2, 1, 4], [3, 1]],
  [[3], [2, 3]],
  [[], [2, 3]],
];

type Binary = (g: GraphBuilder, a: Value, b: Value) => Value;
const binaries: [string, Binary][] = [
  ['Add', (g, a, b) => g.add(a, b)],
  ['Sub', (g, a, b) => g.sub(a, b)],
  ['Mul', (g, a, b) => g.mul(a, b)],
];

const binaryCases: GradCase[] = binaries.flatMap(([op, f]) =>
  broadcasts.map(([sa, sb]) => ({
    name: `${op} [${sa}] with [${sb}]`,
    covers: [op],
    inputs: [x('a', sa), x('b', sb)],
    build: (g: GraphBuilder, [a, b]: Value[]) => f(g, a, b),
  })),
);

export const elementwiseCases: GradCase[] = [
  ...unaryCases,
  ...binaryCases,
  {
    name: 'Erf on (2,3,4)',
    covers: ['Erf'],
    inputs: [x('x', [2, 3, 4])],
    build: (g, [v]) => g.erf(v),
    float32: ERF_FLOAT32,
  },
  {
    name: 'Gelu (erf form) at exactly 0 and near it',
    covers: ['Gelu'],
    inputs: [x('x', [5], [0, 1e-3, -1e-3, 0.5, -3])],
    build: (g, [v]) => g.gelu(v, 'none'),
    float32: GELU_ERF_FLOAT32,
  },
  {
    name: 'Div (2,3,4) / (3,1), denominator away from 0',
    covers: ['Div'],
    inputs: [x('a', [2, 3, 4]), x('b', [3, 1], awayFromZero([3, 1], 0.5))],
    build: (g, [a, b]) => g.div(a, b),
  },
  {
    name: 'Div (4,) / (2,3,4)',
    covers: ['Div'],
    inputs: [x('a', [4]), x('b', [2, 3, 4], uniform([2, 3, 4], 0.5, 2))],
    build: (g, [a, b]) => g.div(a, b),
  },
  {
    name: 'Pow with both operands differentiated, positive base (2,3) ^ (3,)',
    covers: ['Pow'],
    inputs: [x('a', [2, 3], uniform([2, 3], 0.4, 2)), x('b', [3], uniform([3], -1.5, 2.5, 3))],
    build: (g, [a, b]) => g.pow(a, b),
  },
  {
    name: 'Pow with a constant exponent x^3 (sign-safe)',
    covers: ['Pow'],
    inputs: [x('x', [2, 3])],
    build: (g, [v]) => g.pow(v, 3),
  },
  {
    name: 'Max (2,3) with (3,), and Min (2,1,3) with (2,3); no ties',
    covers: ['Max', 'Min'],
    inputs: [x('a', [2, 3]), x('b', [3]), x('c', [2, 1, 3])],
    build: (g, [a, b, c]) => g.add(g.max(a, b), g.min(c, a)),
  },
  {
    name: 'Where with broadcast: cond (1,3), a (2,3), b (2,1)',
    covers: ['Where'],
    inputs: [fixed('cond', [1, 3], [1, 0, 1], 'bool'), x('a', [2, 3]), x('b', [2, 1])],
    build: (g, [c, a, b]) => g.where(c, a, b),
  },
  {
    name: 'Where with a scalar branch: where(cond, a, 0.5)',
    covers: ['Where'],
    inputs: [fixed('cond', [2, 3], [1, 0, 0, 1, 1, 0], 'bool'), x('a', [2, 3])],
    build: (g, [c, a]) => g.where(c, a, 0.5),
  },
  {
    // float64 → float32 → float64 loses nothing when values and the FD step are multiples of
    // 2^-10 (exact in float32), so the check stays exact; the product makes the path non-linear.
    name: 'Cast float64 → float32 → float64 (exactly representable values)',
    covers: ['Cast'],
    inputs: [x('x', [2, 3], [-1.5, 0.25, 0.75, 1.125, -0.5, 2.0])],
    build: (g, [v]) => g.mul(g.cast(g.mul(g.cast(v, 'float32'), g.cast(v, 'float32')), 'float64'), v),
    eps: 2 ** -10,
  },
];
