// The comparison as its view folds it from the compare job's events: the plan, where the run
// is, each row's live pretraining curve (first seed), results, a bounded curve length, and a
// finished comparison read back from its report.
import * as assert from 'node:assert';
import {
  applyCompareEvent, applyReport, comparisonProgressLine, fromReport, MAX_CURVE_POINTS, newComparison, pipelinesDone, pushPoint, type CurvePoint,
} from '../../../../src/host/compare/comparison-state';
import { madeUpEvents, madeUpReport, PLANNED, RESULTS } from '../../../helpers/made-up-comparison';

describe('comparison state', () => {
  it('follows a run: plan, row, seed, phase, step and loss, then each result', () => {
    const c = newComparison('cmp', '/m/comparisons/cmp');
    const events = madeUpEvents();
    // Up to ELECTRA's second progress event of seed 1.
    const upTo = events.findIndex((e) => e.event === 'train' && e.row === 'electra-rtd' && e.inner.event === 'progress' && e.inner.step === 90);
    for (const e of events.slice(0, upTo + 1)) applyCompareEvent(c, e);
    assert.strictEqual(c.status, 'running');
    assert.deepStrictEqual(c.plan?.rows.map((r) => r.id), PLANNED.map((r) => r.id));
    assert.deepStrictEqual({ row: c.position?.row, seed: c.position?.seed, phase: c.position?.phase, step: c.position?.step, loss: c.position?.loss }, { row: 'electra-rtd', seed: 1, phase: 'pretrain', step: 90, loss: 2 });
    assert.deepStrictEqual(c.results.map((r) => r.row), ['bert-mlm']);
    assert.deepStrictEqual(c.curves['bert-mlm'].map((p) => p.step), [1, 100, 200], 'the first seed\'s pretraining curve');
    assert.deepStrictEqual(c.current.map((p) => p.step), [1, 90], 'the phase in progress only');
    assert.deepStrictEqual(pipelinesDone(c), { done: 1, total: 6 });
    assert.strictEqual(comparisonProgressLine(c), 'ELECTRA — replaced-token detection · seed 1 · pretraining · loss 2.000 · 1/6 done');
  });

  it('keeps the first seed\'s curves while later seeds run, and every result once', () => {
    const c = newComparison('cmp', '/m/comparisons/cmp');
    for (const e of madeUpEvents()) applyCompareEvent(c, e);
    assert.deepStrictEqual(c.curves['bert-mlm'].map((p) => p.loss), [7, 6, 5], 'seed 2 (starting at 9) did not replace seed 1');
    assert.strictEqual(c.curves.none, undefined, 'the baseline has no pretraining curve');
    assert.strictEqual(c.results.length, RESULTS.length);
    applyCompareEvent(c, { event: 'result', ...RESULTS[0] });
    assert.strictEqual(c.results.length, RESULTS.length, 'a result reported again replaces the first');
    applyReport(c, 'completed', madeUpReport());
    assert.strictEqual(c.status, 'completed');
    assert.strictEqual(c.position, undefined);
  });

  it('says the job\'s error in words', () => {
    const c = newComparison('cmp', '/x');
    applyCompareEvent(c, { event: 'error', kind: 'input', message: 'SOP needs two segments' });
    assert.strictEqual(c.message, 'SOP needs two segments');
  });

  it('thins a long curve to every other point instead of growing without bound', () => {
    const curve: CurvePoint[] = [];
    for (let step = 0; step < 5 * MAX_CURVE_POINTS; step++) pushPoint(curve, { step, loss: 1 });
    assert.ok(curve.length <= MAX_CURVE_POINTS, `${curve.length} points`);
    assert.strictEqual(curve[0].step, 0);
    assert.strictEqual(curve.at(-1)?.step, 5 * MAX_CURVE_POINTS - 1, 'the newest point is kept');
    assert.ok(curve.every((p, i) => i === 0 || p.step > curve[i - 1].step), 'steps stay in order');
  });

  it('reads a finished comparison from its report, partial ones as stopped', () => {
    const done = fromReport('cmp', '/m/comparisons/cmp', madeUpReport());
    assert.strictEqual(done.status, 'completed');
    assert.deepStrictEqual(done.plan?.seeds, [1, 2]);
    assert.strictEqual(done.results.length, 6);
    const partial = fromReport('cmp', '/m/comparisons/cmp', madeUpReport(RESULTS.slice(0, 2)));
    assert.strictEqual(partial.status, 'cancelled');
    assert.deepStrictEqual(partial.plan?.rows.map((r) => r.id), PLANNED.map((r) => r.id), 'every planned row, finished or not');
  });
});
