// The report from a made-up result set: means and sample spreads over seeds, the markdown table's
// cells (params, steps, FLOPs, objective accuracy, accuracy ± sd), the "best" line against the
// baseline, the budget note, a partial report, and NaN written as null in comparison.json.
import assert from 'node:assert/strict';
import { buildReport, meanAndSd, reportJson } from '../../../src/compare/report';
import { bestLine, formatFlops, markdownTable, reportMarkdown } from '../../../src/compare/report-markdown';
import type { CompareRequest, PlannedRow, SeedResult } from '../../../src/compare/protocol';
import type { ComparisonState } from '../../../src/compare/state';

const model: CompareRequest['model'] = { layers: 4, heads: 4, dim: 128, context: 64, batch: 12, vocabSize: 2048, lr: 1e-3 };
const finetune = { epochs: 3, lr: 5e-4, batch: 16 };
const budget = { kind: 'flops', referenceSteps: 500 } as const;

const planned: PlannedRow[] = [
  { id: 'bert-mlm', label: 'BERT — masked language modelling', arch: 'bert', objective: 'mlm', steps: 500, flopsPerStep: 5.2e9, pretrainParameters: 1_082_752, finetuneParameters: 1_080_835 },
  { id: 'electra-rtd', label: 'ELECTRA — replaced-token detection', arch: 'electra', objective: 'rtd', steps: 469, flopsPerStep: 5.55e9, pretrainParameters: 1_142_049, finetuneParameters: 1_080_835 },
  { id: 'none', label: 'No pretraining — BERT, random weights', arch: 'none', steps: 0, flopsPerStep: 0, pretrainParameters: 0, finetuneParameters: 1_080_835 },
];

function pretrain(steps: number, flopsPerStep: number, metrics: Record<string, number>): NonNullable<SeedResult['pretrain']> {
  return { steps, flops: steps * flopsPerStep, minutes: 2.5, tokensPerSec: 12_345, finalValLoss: 4.2, metrics, curve: [{ step: 1, loss: 7 }, { step: steps, loss: 4 }] };
}

function state(done: ComparisonState['done']): ComparisonState {
  return { version: 1, request: { corpus: '/c', data: '/d.jsonl', rows: planned.map((r) => r.id), seeds: [1, 2], budget, model, finetune }, rows: planned, done };
}

const request = { corpus: '/c', data: '/d.jsonl', budget, model, finetune };
const full = state({
  'bert-mlm/seed-1': { pretrained: true, pretrain: pretrain(500, 5.2e9, { maskedAccuracy: 0.3 }), finetune: { accuracy: 0.6, macroF1: 0.55, minutes: 1 } },
  'bert-mlm/seed-2': { pretrained: true, pretrain: pretrain(500, 5.2e9, { maskedAccuracy: 0.32 }), finetune: { accuracy: 0.7, macroF1: 0.65, minutes: 1 } },
  'electra-rtd/seed-1': { pretrained: true, pretrain: pretrain(469, 5.55e9, { replacedAccuracy: 0.4, originalAccuracy: 0.9 }), finetune: { accuracy: 0.75, macroF1: 0.7, minutes: 1 } },
  'electra-rtd/seed-2': { pretrained: true, pretrain: pretrain(469, 5.55e9, { replacedAccuracy: 0.5, originalAccuracy: 0.95 }), finetune: { accuracy: 0.75, macroF1: 0.72, minutes: 1 } },
  'none/seed-1': { pretrained: true, finetune: { accuracy: 0.4, macroF1: 0.3, minutes: 1 } },
  'none/seed-2': { pretrained: true, finetune: { accuracy: 0.5, macroF1: 0.4, minutes: 1 } },
});

describe('compare: report', () => {
  it('mean and sample standard deviation', () => {
    const { mean, sd } = meanAndSd([0.6, 0.7]);
    assert.ok(Math.abs(mean - 0.65) < 1e-12 && Math.abs(sd - Math.sqrt(0.005)) < 1e-12, `${mean} ± ${sd}`);
    assert.deepEqual(meanAndSd([0.4]), { mean: 0.4, sd: 0 });
    assert.ok(Number.isNaN(meanAndSd([]).mean));
  });

  it('builds every row with its seeds and spreads; complete when every seed finished', () => {
    const report = buildReport(full, request);
    assert.equal(report.complete, true);
    assert.deepEqual(report.rows.map((r) => r.seeds.length), [2, 2, 2]);
    const bert = report.rows[0];
    assert.ok(Math.abs(bert.accuracy.mean - 0.65) < 1e-12);
    assert.ok(Math.abs(bert.accuracy.sd - 0.0707107) < 1e-6);
    assert.equal(report.rows[2].seeds[0].result.pretrain, undefined, 'the baseline has no pretraining result');
  });

  it('renders the table: params, steps, FLOPs, minutes, objective accuracy, accuracy ± sd, macro-F1 ± sd', () => {
    const table = markdownTable(buildReport(full, request));
    const lines = table.trim().split('\n');
    assert.equal(lines.length, 2 + 3);
    assert.match(lines[0], /\| Row \| Pretraining \| Params \(pretrain \/ finetuned\) \| Steps \| FLOPs \| Minutes \| Tokens\/s \| Val loss \| Objective accuracy \| Accuracy \| Macro-F1 \|/);
    assert.equal(lines[2], '| `bert-mlm` | BERT — masked language modelling | 1.08M / 1.08M | 500 | 2.60 TFLOPs | 2.5 | 12k | 4.200 | masked 31.0% | 65.0% ± 7.1 | 0.600 ± 0.071 |');
    assert.match(lines[3], /\| `electra-rtd` \|.*\| 469 \| 2.60 TFLOPs \|.*\| replaced 45.0% \/ original 92.5% \| 75.0% ± 0.0 \| 0.710 ± 0.014 \|/);
    assert.match(lines[4], /\| `none` \| No pretraining — BERT, random weights \| – \/ 1.08M \| 0 \| 0 \| – \| – \| – \| – \| 45.0% ± 7.1 \|/);
  });

  it('names the best row against the baseline, and states the budget', () => {
    const report = buildReport(full, request);
    assert.equal(bestLine(report), '**Best downstream accuracy: ELECTRA — replaced-token detection** (`electra-rtd`), 75.0% ± 0.0, macro-F1 0.710 ± 0.014 over 2 seeds; no pretraining: 45.0% ± 7.1.');
    const md = reportMarkdown(report);
    assert.match(md, /^# Pretraining objectives compared/);
    assert.match(md, /equal training FLOPs — every row may spend what BERT-MLM spends in 500 steps \(2\.60 TFLOPs\)/);
    assert.match(md, /seeds 1, 2/);
    assert.doesNotMatch(md, /Partial/);
  });

  it('a partial report: unfinished rows show dashes, complete is false, NaN is null in the JSON', () => {
    const partial = state({ 'bert-mlm/seed-1': full.done['bert-mlm/seed-1'], 'electra-rtd/seed-1': { pretrained: true, pretrain: full.done['electra-rtd/seed-1'].pretrain } });
    const report = buildReport(partial, request);
    assert.equal(report.complete, false);
    assert.deepEqual(report.rows.map((r) => r.seeds.length), [1, 0, 0]);
    assert.match(markdownTable(report).split('\n')[3], /\| `electra-rtd` \|.*\| \(469\) \|.*\| – \| – \|$/);
    assert.match(reportMarkdown(report), /_Partial: 1 row × seed pipelines have finished so far; resume with --resume._/);
    const json = JSON.parse(reportJson(report));
    assert.deepEqual(json.rows[1].accuracy, { mean: null, sd: null });
    assert.equal(json.rows[0].accuracy.mean, 0.6);
  });

  it('states the budget in FLOPs when the reference row is not among the rows', () => {
    const withoutBert = { ...full, rows: planned.slice(1), referenceFlopsPerStep: 5.2e9 };
    const report = buildReport(withoutBert, request);
    assert.equal(report.referenceFlopsPerStep, 5.2e9);
    assert.match(reportMarkdown(report), /what BERT-MLM spends in 500 steps \(2\.60 TFLOPs\)/);
  });

  it('formats FLOPs with a unit that fits', () => {
    assert.equal(formatFlops(2.6e15), '2.60 PFLOPs');
    assert.equal(formatFlops(3.1e12), '3.10 TFLOPs');
    assert.equal(formatFlops(5.2e9), '5.20 GFLOPs');
    assert.equal(formatFlops(0), '0');
  });
});
