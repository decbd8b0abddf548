/**
 * The budget turned into steps per row. Equal FLOPs (the default): every row may spend what the
 * reference row (BERT-MLM at the same sizes) spends in `referenceSteps` steps, so a row whose step
 * costs twice as much gets half the steps. Equal minutes: every row trains for the same wall-clock
 * time; its steps are only an upper bound that the time limit cuts short.
 */
import { InputError } from '../util/errors';
import type { ComparisonBudget, CompareRequest, PlannedRow } from './protocol';
import { rowNetworks } from './row-model';
import { REFERENCE_ROW, rowsOf } from './rows';

/** The steps bound of a minutes budget: out of reach on CPU, so the clock ends every row. */
export const MINUTES_BUDGET_STEP_BOUND = 1_000_000;

/** Steps for a row costing `flopsPerStep` under `budget`, given the reference row's cost per step. */
export function stepsForBudget(budget: ComparisonBudget, flopsPerStep: number, referenceFlopsPerStep: number): number {
  if (flopsPerStep === 0) return 0;
  if (budget.kind === 'minutes') return MINUTES_BUDGET_STEP_BOUND;
  return Math.max(1, Math.round((budget.referenceSteps * referenceFlopsPerStep) / flopsPerStep));
}

/** Training FLOPs of one step of the reference row at `model`'s sizes. */
export function referenceFlopsPerStep(model: CompareRequest['model']): number {
  return rowNetworks(REFERENCE_ROW, model, 2).flopsPerStep;
}

/** Every row of the request with its steps, FLOPs per step and parameters, for `labels` labels. */
export function planRows(req: Pick<CompareRequest, 'rows' | 'budget' | 'model'>, labels: number): PlannedRow[] {
  checkBudget(req.budget);
  const rows = rowsOf(req.rows.map((r) => r.id));
  const reference = referenceFlopsPerStep(req.model);
  return rows.map((row) => {
    const networks = rowNetworks(row.id, req.model, labels);
    return {
      id: row.id,
      label: row.label,
      arch: row.arch,
      ...(row.objective ? { objective: row.objective } : {}),
      steps: stepsForBudget(req.budget, networks.flopsPerStep, reference),
      flopsPerStep: networks.flopsPerStep,
      pretrainParameters: networks.pretrainParameters,
      finetuneParameters: networks.finetuneParameters,
    };
  });
}

function checkBudget(budget: ComparisonBudget): void {
  if (budget.kind === 'flops' && !(Number.isSafeInteger(budget.referenceSteps) && budget.referenceSteps >= 1)) {
    throw new InputError(`--steps must be a positive integer (the reference row's steps), got ${budget.referenceSteps}`);
  }
  if (budget.kind === 'minutes' && !(budget.minutes > 0 && Number.isFinite(budget.minutes))) {
    throw new InputError(`--minutes must be a positive number of minutes per row, got ${budget.minutes}`);
  }
}
