// A training run as the extension keeps it (host/runs/run-state.ts), reads it back from a
// model folder (run-files.ts, training-metrics.ts) and reports its corpus (corpus-report.ts).
import * as assert from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanCorpus } from '../../../../src/data/corpus-scan';
import type { TrainEvent } from '../../../../src/train/run/events';
import { corpusReport, MAX_LISTED_SKIPS } from '../../../../src/host/corpus/corpus-report';
import { readCorpusReport, readFinishedRun, writeCorpusReport } from '../../../../src/host/runs/run-files';
import { applyCancelledBeforeStart, applyEvent, applyFailure, applySummary, isActive, newRun } from '../../../../src/host/runs/run-state';
import { formatDuration } from '../../../../src/util/format';
import { describeTraining, parseMetrics, parseTrainingSummary, summarizeMetrics } from '../../../../src/host/models/training-metrics';

const start: TrainEvent = {
  event: 'start', step: 0, totalSteps: 3, parameters: 1000, trainTokens: 500, valTokens: 50, vocabSize: 66,
  device: 'cpu', memoryEstimateBytes: 1, resumed: false,
};
const progress = (step: number, loss: number): TrainEvent => ({ event: 'progress', step, loss, lr: 1e-3, gradNorm: 1, tokensPerSec: 900, elapsedMs: step * 100, etaMs: (3 - step) * 100 });

describe('training run records: snapshots, metrics, corpus reports', () => {
  it('folds a run’s events into its snapshot, and its end into its status', () => {
    const run = newRun('m', '/models/m', 'gpt2', 3);
    assert.strictEqual(run.status, 'starting');
    for (const e of [start, progress(1, 4), progress(2, 3.5), { event: 'eval', step: 2, valLoss: 3.6, perplexity: 36.6 } as TrainEvent, { event: 'checkpoint', step: 2, path: '/x' } as TrainEvent]) applyEvent(run, e);
    assert.strictEqual(run.status, 'running');
    assert.ok(isActive(run));
    assert.deepStrictEqual(run.metrics.train.map((p) => p.loss), [4, 3.5]);
    assert.deepStrictEqual(run.metrics.val, [{ step: 2, valLoss: 3.6, perplexity: 36.6 }]);
    assert.deepStrictEqual([run.step, run.tokensPerSec, run.etaMs, run.lastCheckpoint], [2, 900, 100, 2]);
    applySummary(run, { event: 'done', stopReason: 'cancelled', step: 2, totalSteps: 3, elapsedMs: 250, path: '/models/m' });
    assert.strictEqual(run.status, 'cancelled');
    assert.ok(!isActive(run));
    const failed = newRun('f', '/models/f', 'bert', 3);
    applyFailure(failed, 'out of memory');
    assert.deepStrictEqual([failed.status, failed.message], ['failed', 'out of memory']);
    const early = newRun('e', '/models/e', 'gpt2', 3);
    applyCancelledBeforeStart(early);
    assert.strictEqual(early.status, 'cancelled');
    assert.ok(!isActive(early));
  });

  it('keeps a classifier’s validation accuracy and macro-F1 from its eval events', () => {
    const run = newRun('c', '/models/c', 'bert', 3);
    applyEvent(run, { event: 'eval', step: 3, valLoss: 0.4, perplexity: 1.5, metrics: { accuracy: 0.75, macroF1: 0.7, examples: 8 } });
    assert.deepStrictEqual(run.metrics.val, [{ step: 3, valLoss: 0.4, perplexity: 1.5, accuracy: 0.75, macroF1: 0.7 }]);
  });

  it('reads metrics.jsonl: train steps, evaluations, and skips what is not a metric', () => {
    const text = [
      '{"step":1,"loss":4.2,"lr":0.0001,"gradNorm":6}',
      '{"step":2,"loss":3.9,"lr":0.0002,"gradNorm":5}',
      '{"step":2,"valLoss":3.8,"perplexity":44.7}',
      'not json',
      '{"note":"no step"}',
      '{"step":3,"loss":3.5',
    ].join('\n');
    const m = parseMetrics(text);
    assert.deepStrictEqual(m.train, [{ step: 1, loss: 4.2, lr: 0.0001 }, { step: 2, loss: 3.9, lr: 0.0002 }]);
    assert.deepStrictEqual(m.val, [{ step: 2, valLoss: 3.8, perplexity: 44.7 }]);
    const summary = summarizeMetrics(text);
    assert.deepStrictEqual(summary, { steps: 2, finalLoss: 3.9, valLoss: 3.8, perplexity: 44.7 });
    assert.strictEqual(describeTraining(summary), '2 steps · loss 3.90 · val 3.80 · ppl 44.7');
    assert.deepStrictEqual(parseTrainingSummary({ ...summary, command: 'x' }), summary);
    assert.strictEqual(parseTrainingSummary({ steps: 'many' }), undefined);
  });

  it('formats durations', () => {
    assert.strictEqual(formatDuration(4_000), '4s');
    assert.strictEqual(formatDuration(83_000), '1m 23s');
    assert.strictEqual(formatDuration(7_500_000), '2h 05m');
    assert.strictEqual(formatDuration(-5), '0s');
  });

  it('reports a corpus by language and every skip with its reason, and a finished run from its folder', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pl-dash-'));
    try {
      const ws = path.join(dir, 'ws');
      await fs.mkdir(path.join(ws, 'node_modules', 'x'), { recursive: true });
      await fs.writeFile(path.join(ws, 'node_modules', 'x', 'i.js'), 'x');
      await fs.writeFile(path.join(ws, 'a.md'), '# A\ntext\n');
      await fs.writeFile(path.join(ws, 'b.ts'), 'const b = 1;\n');
      await fs.writeFile(path.join(ws, 'empty.txt'), '');
      await fs.writeFile(path.join(ws, 'blob.bin'), Buffer.from([0, 1, 2, 0]));
      const report = corpusReport(await scanCorpus(ws));
      assert.strictEqual(report.files, 2);
      assert.deepStrictEqual(report.languages.map((l) => l.language).sort(), ['markdown', 'typescript']);
      assert.deepStrictEqual(report.skips.map((s) => [s.path, s.reason]).sort(), [['blob.bin', 'binary'], ['empty.txt', 'empty'], ['node_modules', 'always-skipped']]);
      assert.ok(report.reasons.every((r) => r.text.length > 5));
      assert.strictEqual(report.unlisted, 0);
      assert.ok(MAX_LISTED_SKIPS >= 1000);

      const model = path.join(dir, 'model');
      assert.strictEqual(await readFinishedRun(model), undefined);
      await fs.mkdir(path.join(model, 'training'), { recursive: true });
      await fs.writeFile(path.join(model, 'training', 'metrics.jsonl'), '{"step":1,"loss":4}\n{"step":2,"loss":3}\n{"step":2,"valLoss":3.1,"perplexity":22}\n');
      await fs.writeFile(path.join(model, 'training', 'hyperparams.json'), JSON.stringify({ arch: 'gpt2', layers: 2, heads: 2, dim: 64, context: 64, batch: 8, steps: 10 }));
      await writeCorpusReport(model, report);
      const run = await readFinishedRun(model);
      assert.ok(run);
      assert.deepStrictEqual([run.name, run.status, run.step, run.totalSteps], ['model', 'cancelled', 2, 10]);
      assert.match(run.description, /gpt2 · 2 layers × 64 wide/);
      assert.deepStrictEqual(await readCorpusReport(model), report);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
