/** Derived ops: compositions of primitives, differentiated through their parts' rules. */
import { ERF_FLOAT32 } from './elementwise';
import { type GradCase, fixed, x } from './types';

const P = 0.25; // dropout rate

export const derivedCases: GradCase[] = [
  {
    name: 'RMS norm x / sqrt(mean(x²) + eps) · γ',
    covers: ['Mul', 'ReduceMean', 'Add', 'Sqrt', 'Div'],
    inputs: [x('x', [3, 5]), x('gamma', [5])],
    build: (g, [v, gamma]) => g.mul(g.div(v, g.sqrt(g.add(g.reduceMean(g.mul(v, v), [-1], true), 1e-6))), gamma),
  },
  {
    name: 'Dropout with an explicit bool mask: x · mask · 1/(1-p)',
    covers: ['Mul', 'Cast'],
    inputs: [x('x', [3, 4]), fixed('mask', [3, 4], [1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1], 'bool')],
    build: (g, [v, mask]) => g.mul(g.mul(v, g.cast(mask, v.dtype)), 1 / (1 - P)),
  },
  {
    name: 'GELU written with Erf: ½x(1 + erf(x/√2))',
    covers: ['Mul', 'Add', 'Erf'],
    inputs: [x('x', [2, 5])],
    build: (g, [v]) => g.mul(g.mul(v, 0.5), g.add(g.erf(g.mul(v, Math.SQRT1_2)), 1)),
    float32: ERF_FLOAT32,
  },
];
