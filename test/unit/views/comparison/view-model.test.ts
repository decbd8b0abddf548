// What the comparison view's charts draw from a made-up comparison: accuracy and macro-F1 with
// their spread over seeds, the pretraining tasks' own accuracies where the objective has them,
// one loss curve per pretrained row (the mean over seeds once they finished, the live one before).
import * as assert from 'node:assert';
import { applyCompareEvent, fromReport, newComparison } from '../../../../src/host/compare/comparison-state';
import { comparisonView, formatSpread, spreadOf } from '../../../../src/views/comparison/view-model';
import { madeUpEvents, madeUpReport } from '../../../helpers/made-up-comparison';

const close = (a: number | undefined, b: number) => assert.ok(a !== undefined && Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

describe('comparison view model', () => {
  const view = comparisonView(fromReport('cmp', '/m/comparisons/cmp', madeUpReport()))!;

  it('gives every row its accuracy and macro-F1: mean, sample sd, range and each seed', () => {
    assert.deepStrictEqual(view.rows.map((r) => [r.id, r.seedsDone, r.seedsPlanned, r.baseline]), [['bert-mlm', 2, 2, false], ['electra-rtd', 2, 2, false], ['none', 2, 2, true]]);
    const bert = view.rows[0];
    close(bert.accuracy?.mean, 0.65);
    close(bert.accuracy?.sd, Math.sqrt(0.005));
    assert.deepStrictEqual([bert.accuracy?.min, bert.accuracy?.max, bert.accuracy?.values], [0.6, 0.7, [0.6, 0.7]]);
    close(view.rows[2].macroF1?.mean, 0.35);
    assert.strictEqual(formatSpread(bert.accuracy, true), '65.0% ± 7.1');
    assert.strictEqual(formatSpread(spreadOf([0.5]), false), '0.500', 'one seed: no spread');
    assert.strictEqual(formatSpread(undefined, true), '–');
  });

  it('lists the pretraining tasks\' accuracies where the objective has them, not counts', () => {
    assert.deepStrictEqual(view.rows[0].taskMetrics.map((m) => m.label), ['Masked-token accuracy']);
    close(view.rows[0].taskMetrics[0].value, 0.32);
    assert.deepStrictEqual(view.rows[1].taskMetrics.map((m) => m.label), ['Replaced-token accuracy', 'Original-token accuracy']);
    assert.deepStrictEqual(view.rows[2].taskMetrics, [], 'the baseline was not pretrained');
  });

  it('draws one curve per pretrained row, the mean over seeds by step', () => {
    assert.deepStrictEqual(view.curves.map((c) => c.id), ['bert-mlm', 'electra-rtd']);
    assert.deepStrictEqual(view.curves[0].points, [{ step: 1, loss: 8 }, { step: 100, loss: 7 }, { step: 200, loss: 6 }]);
    assert.strictEqual(view.budget, 'Equal training FLOPs: every row gets what BERT-MLM spends in 200 steps');
    assert.deepStrictEqual(view.seeds, [1, 2]);
  });

  it('while running: the live curve of a row not finished yet, and no scores for it', () => {
    const c = newComparison('cmp', '/x');
    const events = madeUpEvents();
    const electraResult = events.findIndex((e) => e.event === 'result' && e.row === 'electra-rtd');
    for (const e of events.slice(0, electraResult)) applyCompareEvent(c, e);
    const live = comparisonView(c)!;
    assert.deepStrictEqual(live.curves[1].points.map((p) => p.loss), [3, 2, 1], 'ELECTRA\'s live curve');
    assert.strictEqual(live.rows[1].accuracy, undefined);
    assert.strictEqual(live.rows[0].accuracy?.values.length, 1);
    assert.strictEqual(comparisonView(newComparison('cmp', '/x')), undefined, 'nothing to draw before the plan');
  });
});
