// The dashboard's objective metrics (host/runs/objective-charts.ts): what ELECTRA, ALBERT and the
// masked LM report beside their loss reaches the snapshot the dashboard draws — live, from the
// job's events, and for a finished run, from its metrics.jsonl — as chart series and stat tiles.
import * as assert from 'node:assert';
import type { TrainEvent } from '../../../../src/train/run/events';
import { applyEvent, newRun } from '../../../../src/host/runs/run-state';
import { parseMetrics } from '../../../../src/host/models/training-metrics';
import { chartSignature, objectiveCharts, objectiveStats } from '../../../../src/host/runs/objective-charts';

const rtd = (g: number, d: number, replaced: number, original: number) => ({ generatorLoss: g, discriminatorLoss: d, replacedAccuracy: replaced, originalAccuracy: original, replacedTokens: 12 });
const progress = (step: number, metrics?: Record<string, number>): TrainEvent => ({
  event: 'progress', step, loss: 7 + 50 * 0.5, lr: 1e-3, gradNorm: 1, tokensPerSec: 900, elapsedMs: step * 100, etaMs: 0, ...(metrics ? { metrics } : {}),
});
const evaluation = (step: number, metrics?: Record<string, number>): TrainEvent => ({ event: 'eval', step, valLoss: 30, perplexity: 1000, ...(metrics ? { metrics } : {}) });

function fold(events: TrainEvent[]) {
  const run = newRun('m', '/models/m', 'electra', 4);
  for (const e of events) applyEvent(run, e);
  return run;
}

describe('dashboard: objective metrics', () => {
  const electraEvents = [
    progress(1, rtd(7.6, 0.69, 0.1, 0.9)),
    progress(2, rtd(7.4, 0.6, 0.2, 0.95)),
    evaluation(2, rtd(7.5, 0.65, 0.15, 0.93)),
  ];

  it('ELECTRA: both losses on their own axes and the discriminator on replaced vs original tokens, training and validation', () => {
    const charts = objectiveCharts(fold(electraEvents).metrics);
    assert.deepStrictEqual(charts.map((c) => c.id), ['losses', 'accuracy']);
    const [losses, accuracy] = charts;
    assert.deepStrictEqual(losses.scales.map((s) => s.id), ['generator', 'discriminator']);
    assert.deepStrictEqual(losses.series.map((s) => s.label), [
      'generator loss (MLM), train', 'generator loss (MLM), validation', 'discriminator loss (BCE), train', 'discriminator loss (BCE), validation',
    ]);
    assert.deepStrictEqual(losses.data, [[1, 2], [7.6, 7.4], [null, 7.5], [0.69, 0.6], [null, 0.65]]);
    assert.deepStrictEqual(accuracy.series.map((s) => [s.metric, s.source]), [
      ['replacedAccuracy', 'train'], ['replacedAccuracy', 'validation'], ['originalAccuracy', 'train'], ['originalAccuracy', 'validation'],
    ]);
    assert.ok(accuracy.scales.every((s) => s.percent));
    assert.deepStrictEqual(accuracy.data[1], [0.1, 0.2]);
    // Replaced and original are told apart by colour, and train from validation by style (series.source).
    assert.notStrictEqual(accuracy.series[0].color, accuracy.series[2].color);
    const stats = objectiveStats(fold(electraEvents).metrics);
    assert.deepStrictEqual(stats.map((s) => [s.id, s.value, s.sub]), [
      ['generatorLoss', '7.4000', 'validation 7.5000'],
      ['discriminatorLoss', '0.6000', 'validation 0.6500'],
      ['replacedAccuracy', '20.0%', 'validation 15.0%'],
      ['originalAccuracy', '95.0%', 'validation 93.0%'],
    ]);
  });

  it('a finished ELECTRA run read from metrics.jsonl draws the same charts as it did live', () => {
    const lines = [
      { step: 1, loss: 32, lr: 1e-3, gradNorm: 1, ...rtd(7.6, 0.69, 0.1, 0.9) },
      { step: 2, loss: 31, lr: 1e-3, gradNorm: 1, ...rtd(7.4, 0.6, 0.2, 0.95) },
      { step: 2, valLoss: 30, perplexity: 1000, ...rtd(7.5, 0.65, 0.15, 0.93) },
    ];
    const fromDisk = objectiveCharts(parseMetrics(lines.map((l) => JSON.stringify(l)).join('\n')));
    const live = objectiveCharts(fold(electraEvents).metrics);
    assert.deepStrictEqual(fromDisk.map((c) => [chartSignature(c), c.data]), live.map((c) => [chartSignature(c), c.data]));
  });

  it('ALBERT: masked-token and sentence-order accuracy from its evaluations; a masked LM: masked-token accuracy alone', () => {
    const albert = objectiveCharts(fold([progress(1), evaluation(1, { maskedAccuracy: 0.05, maskedTokens: 90, sentenceOrderAccuracy: 0.5 }), evaluation(2, { maskedAccuracy: 0.08, maskedTokens: 90, sentenceOrderAccuracy: 0.62 })]).metrics);
    assert.deepStrictEqual(albert.map((c) => c.id), ['accuracy']);
    assert.deepStrictEqual(albert[0].series.map((s) => s.label), ['masked-token accuracy, validation', 'sentence-order accuracy, validation']);
    assert.deepStrictEqual(albert[0].data, [[1, 2], [0.05, 0.08], [0.5, 0.62]]);
    const mlm = fold([progress(1), evaluation(1, { maskedAccuracy: 0.25, maskedTokens: 90 })]);
    assert.deepStrictEqual(objectiveCharts(mlm.metrics).map(chartSignature), ['accuracy:masked-token accuracy, validation']);
    assert.deepStrictEqual(objectiveStats(mlm.metrics).map((s) => [s.label, s.value]), [['Masked-token accuracy (validation)', '25.0%']]);
  });

  it('a run whose objective reports nothing (GPT-2) and a classifier get no objective charts; unknown or non-finite values are dropped', () => {
    assert.deepStrictEqual(objectiveCharts(fold([progress(1), evaluation(1)]).metrics), []);
    const classifier = fold([progress(1), evaluation(1, { accuracy: 0.9, macroF1: 0.8 })]);
    assert.deepStrictEqual(objectiveCharts(classifier.metrics), []);
    assert.strictEqual(classifier.metrics.val[0].accuracy, 0.9, 'the classifier keeps its own tile');
    const odd = fold([progress(1, { generatorLoss: Number.NaN, surprise: 3, discriminatorLoss: 0.5 })]);
    assert.deepStrictEqual(odd.metrics.train[0].objective, { discriminatorLoss: 0.5 });
  });

  it('a chart’s signature changes when a series appears, so the webview rebuilds it', () => {
    const before = objectiveCharts(fold(electraEvents.slice(0, 2)).metrics);
    const after = objectiveCharts(fold(electraEvents).metrics);
    assert.notStrictEqual(chartSignature(before[0]), chartSignature(after[0]));
    const more = objectiveCharts(fold([...electraEvents, progress(3, rtd(7, 0.5, 0.3, 0.96))]).metrics);
    assert.strictEqual(chartSignature(after[0]), chartSignature(more[0]));
  });
});
