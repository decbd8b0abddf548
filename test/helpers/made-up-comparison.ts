// A made-up comparison for the comparison view's unit tests: three rows (BERT-MLM, ELECTRA-RTD,
// the baseline) over two seeds, as the compare job would report them — the plan, each pipeline's
// result, the events of a run, and the report it leaves.
import { reportRow } from '../../src/compare/report';
import type { CompareEvent, ComparisonReport, PlannedRow, SeedResult } from '../../src/compare/protocol';

export const PLANNED: PlannedRow[] = [
  { id: 'bert-mlm', label: 'BERT — masked language modelling', arch: 'bert', objective: 'mlm', steps: 200, flopsPerStep: 5e9, pretrainParameters: 1_082_752, finetuneParameters: 1_080_835 },
  { id: 'electra-rtd', label: 'ELECTRA — replaced-token detection', arch: 'electra', objective: 'rtd', steps: 180, flopsPerStep: 5.5e9, pretrainParameters: 1_142_049, finetuneParameters: 1_080_835 },
  { id: 'none', label: 'No pretraining — BERT, random weights', arch: 'none', steps: 0, flopsPerStep: 0, pretrainParameters: 0, finetuneParameters: 1_080_835 },
];

export const SEEDS = [1, 2];

function pretrain(steps: number, flopsPerStep: number, start: number, metrics: Record<string, number>): NonNullable<SeedResult['pretrain']> {
  return {
    steps, flops: steps * flopsPerStep, minutes: 1.5, tokensPerSec: 10_000, finalValLoss: start - 2, metrics,
    curve: [{ step: 1, loss: start }, { step: steps / 2, loss: start - 1 }, { step: steps, loss: start - 2 }],
  };
}

/** Each pipeline's result, in the order the job finishes them (seed by seed, row by row). */
export const RESULTS: { row: string; seed: number; result: SeedResult }[] = [
  { row: 'bert-mlm', seed: 1, result: { pretrain: pretrain(200, 5e9, 7, { maskedAccuracy: 0.3, maskedTokens: 900 }), finetune: { accuracy: 0.6, macroF1: 0.55, minutes: 0.5 } } },
  { row: 'electra-rtd', seed: 1, result: { pretrain: pretrain(180, 5.5e9, 3, { replacedAccuracy: 0.4, originalAccuracy: 0.9 }), finetune: { accuracy: 0.75, macroF1: 0.7, minutes: 0.5 } } },
  { row: 'none', seed: 1, result: { finetune: { accuracy: 0.4, macroF1: 0.3, minutes: 0.5 } } },
  { row: 'bert-mlm', seed: 2, result: { pretrain: pretrain(200, 5e9, 9, { maskedAccuracy: 0.34, maskedTokens: 900 }), finetune: { accuracy: 0.7, macroF1: 0.65, minutes: 0.5 } } },
  { row: 'electra-rtd', seed: 2, result: { pretrain: pretrain(180, 5.5e9, 3, { replacedAccuracy: 0.5, originalAccuracy: 0.95 }), finetune: { accuracy: 0.75, macroF1: 0.72, minutes: 0.5 } } },
  { row: 'none', seed: 2, result: { finetune: { accuracy: 0.5, macroF1: 0.4, minutes: 0.5 } } },
];

/** The report the job writes once `results` have finished. */
export function madeUpReport(results = RESULTS): ComparisonReport {
  const rows = PLANNED.map((plan) => reportRow(plan, results.filter((r) => r.row === plan.id).sort((a, b) => a.seed - b.seed).map(({ seed, result }) => ({ seed, result }))));
  return {
    version: 1, corpus: '/corpus', data: '/data.jsonl', budget: { kind: 'flops', referenceSteps: 200 },
    model: { layers: 2, heads: 2, dim: 64, context: 64, batch: 8, vocabSize: 1024, lr: 1e-3 }, finetune: { epochs: 3, lr: 5e-4, batch: 16 },
    rows, complete: rows.every((r) => r.seeds.length === SEEDS.length),
  };
}

/** The events of a whole run: the plan, then for each pipeline its phases, a few steps of training, and its result. */
export function madeUpEvents(): CompareEvent[] {
  const events: CompareEvent[] = [{ event: 'plan', rows: PLANNED, seeds: SEEDS, budget: { kind: 'flops', referenceSteps: 200 } }];
  for (const { row, seed, result } of RESULTS) {
    events.push({ event: 'phase', status: 'start', row, seed, phase: 'pretrain' });
    for (const p of result.pretrain?.curve ?? []) {
      events.push({ event: 'train', row, seed, phase: 'pretrain', inner: { event: 'progress', step: p.step, loss: p.loss, lr: 1e-3, gradNorm: 1, tokensPerSec: 10_000, elapsedMs: 10, etaMs: 100 } });
    }
    events.push({ event: 'phase', status: 'start', row, seed, phase: 'finetune' });
    events.push({ event: 'train', row, seed, phase: 'finetune', inner: { event: 'progress', step: 1, loss: 0.7, lr: 5e-4, gradNorm: 1, tokensPerSec: 5_000, elapsedMs: 10, etaMs: 10 } });
    events.push({ event: 'result', row, seed, result });
  }
  return events;
}
