/**
 * The pair-match task's metric, as a run reports it: the step graph's match_correct/match_count
 * sums become `matchAccuracy` beside the masked LM's accuracy, and the training dashboard draws
 * it on the accuracy chart with its own label.
 */
import assert from 'node:assert/strict';
import { applyEvent, newRun } from '../../../src/host/runs/run-state';
import { objectiveCharts } from '../../../src/host/runs/objective-charts';
import { MLM_METRICS } from '../../../src/train/forward-mlm';
import { MATCH_METRICS } from '../../../src/train/forward-tlm';
import { summarizeMetrics } from '../../../src/train/run/trainer';

describe('translation LM + pair match: metrics', () => {
  it('sums become masked and pair-match accuracy; the dashboard charts both', () => {
    const metrics = summarizeMetrics({ [MLM_METRICS.correct]: 3, [MLM_METRICS.count]: 12, [MATCH_METRICS.correct]: 6, [MATCH_METRICS.count]: 8 })!;
    assert.deepEqual(metrics, { maskedAccuracy: 0.25, maskedTokens: 12, matchAccuracy: 0.75 });
    const run = newRun('m', '/models/m', 'bert', 4);
    applyEvent(run, { event: 'eval', step: 2, valLoss: 6, perplexity: 400, metrics });
    const [chart] = objectiveCharts(run.metrics);
    assert.deepEqual(chart.series.map((s) => s.label), ['masked-token accuracy, validation', 'code ↔ text pair-match accuracy, validation']);
  });
});
