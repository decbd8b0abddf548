/**
 * Finite-difference checks of every gradient rule, run in ONNX Runtime. Cases live in
 * `cases/` by op family; float64 unless ORT has no float64 kernel for an op (see each case).
 */
import assert from 'node:assert/strict';
import { registeredGradientOps } from '../../../src/autodiff';
import { GraphBuilder } from '../../../src/graph';
import { caseFamilies } from './cases';
import { FLOAT64_TOL, type GradCase } from './cases/types';
import { gradCheck } from './gradcheck';

const allCases = Object.values(caseFamilies).flat();

function describeError(c: GradCase, r: { relError: number; analytic: Float64Array[]; numeric: Float64Array[] }): string {
  const fmt = (a: Float64Array[]) => a.map((t) => `[${Array.from(t, (v) => v.toPrecision(6)).join(', ')}]`).join(' ');
  return `${c.name}: relError ${r.relError.toExponential(2)}\n  analytic ${fmt(r.analytic)}\n  numeric  ${fmt(r.numeric)}`;
}

for (const [family, cases] of Object.entries(caseFamilies)) {
  describe(`gradient rules: ${family}`, () => {
    for (const c of cases) {
      const f32 = c.float32;
      const label = f32 ? `${c.name} [float32, relError < ${f32.tol}: ${f32.why}]` : c.name;
      it(label, async () => {
        const r = f32
          ? await gradCheck(c.inputs, c.build, { dtype: 'float32', eps: f32.eps })
          : await gradCheck(c.inputs, c.build, { dtype: 'float64', eps: c.eps });
        const tol = f32?.tol ?? c.tol ?? FLOAT64_TOL;
        assert.ok(r.relError < tol, describeError(c, r));
      });
      if (f32) {
        // Keeps the fallback honest: once ORT gains the float64 kernel, this fails and the
        // case should move to float64.
        it(`${c.name}: float64 is really unsupported by ORT`, async () => {
          await assert.rejects(gradCheck(c.inputs, c.build, { dtype: 'float64' }), /NOT_IMPLEMENTED|Could not find an implementation/);
        });
      }
    }
  });
}

/** The ops present in a case's forward graph (built the way gradCheck builds it). */
function forwardOps(c: GradCase): Set<string> {
  const g = new GraphBuilder('coverage');
  const xs = c.inputs.map((s) => g.input(s.name, s.dtype ?? 'float64', s.shape));
  c.build(g, xs);
  return new Set(g.graph.nodes.map((n) => n.op));
}

describe('gradient rule coverage', () => {
  /** op → names of the cases that exercise its rule */
  const table = new Map<string, string[]>();
  for (const c of allCases) for (const op of c.covers) table.set(op, [...(table.get(op) ?? []), c.name]);

  it('every registered gradient rule has at least one finite-difference case', () => {
    const missing = registeredGradientOps().filter((op) => !table.has(op));
    assert.deepEqual(missing, [], `ops with a rule but no check: ${missing.join(', ')}`);
  });

  it('no case claims an op without a registered rule', () => {
    const registered = new Set(registeredGradientOps());
    const stale = [...table.keys()].filter((op) => !registered.has(op));
    assert.deepEqual(stale, []);
  });

  it('every case really contains the ops it claims to cover', () => {
    const wrong = allCases.flatMap((c) => {
      const ops = forwardOps(c);
      return c.covers.filter((op) => !ops.has(op)).map((op) => `${c.name}: no ${op} node`);
    });
    assert.deepEqual(wrong, []);
  });
});
