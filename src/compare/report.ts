/**
 * The comparison's report as data (comparison.json): each planned row with the results of the
 * seeds it has finished and the mean and spread of its downstream scores. Built from the state
 * file, so a partial report (after each finished row, or on cancel) and the final one are the same
 * function of what has finished.
 */
import type { CompareRequest, ComparisonReport, PlannedRow, ReportRow, SeedResult } from './protocol';
import { pipelineKey, type ComparisonState } from './state';

/** Mean and sample standard deviation (sd 0 for one value; both NaN — null in JSON — for none). */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  if (values.length === 0) return { mean: NaN, sd: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length === 1) return { mean, sd: 0 };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

/** A row of the report from its plan and the seeds it has finished (in seed order). */
export function reportRow(plan: PlannedRow, seeds: { seed: number; result: SeedResult }[]): ReportRow {
  return {
    ...plan,
    seeds,
    accuracy: meanAndSd(seeds.map((s) => s.result.finetune.accuracy)),
    macroF1: meanAndSd(seeds.map((s) => s.result.finetune.macroF1)),
  };
}

/** The report of everything the state records as finished. */
export function buildReport(state: Pick<ComparisonState, 'request' | 'rows' | 'done' | 'referenceFlopsPerStep'>, request: Pick<CompareRequest, 'corpus' | 'corpusName' | 'data' | 'budget' | 'model' | 'finetune'>): ComparisonReport {
  const seeds = state.request.seeds;
  const rows = state.rows.map((plan) =>
    reportRow(
      plan,
      seeds.flatMap((seed) => {
        const done = state.done[pipelineKey(plan.id, seed)];
        return done?.finetune ? [{ seed, result: { ...(done.pretrain ? { pretrain: done.pretrain } : {}), finetune: done.finetune } }] : [];
      }),
    ),
  );
  return {
    version: 1,
    corpus: request.corpusName ?? request.corpus,
    data: request.data,
    budget: request.budget,
    model: request.model,
    finetune: request.finetune,
    rows,
    ...(state.referenceFlopsPerStep !== undefined ? { referenceFlopsPerStep: state.referenceFlopsPerStep } : {}),
    complete: rows.every((r) => r.seeds.length === seeds.length),
  };
}

/** The report's JSON text: NaN (a row with no finished seed) is written as null. */
export function reportJson(report: ComparisonReport): string {
  return JSON.stringify(report, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 1) + '\n';
}
