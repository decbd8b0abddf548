/**
 * The comparison's own record in its folder, `comparison-state.json`: the request as planned and
 * every phase finished so far, rewritten atomically after each one. `--resume` reads it to go on
 * at the row, seed and phase it was in, and refuses a request that would make it another
 * comparison, naming the first flag that differs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors';
import { writeFileAtomic } from '../util/atomic-write';
import { JSON_FILE_LIMITS, readJsonFile } from '../modelfile/json-file';
import type { CompareRequest, PlannedRow, SeedResult } from './protocol';
import { arrayOf, bool, budget, exactly, fields, finetuneResult, num, numberRecord, optional, plannedRow, pretrainResult, recordOf, shapeProblem, str } from './shape-checks';

export const STATE_FILE = 'comparison-state.json';
const STATE_VERSION = 1;

/** What makes two comparisons the same: everything in the request but where and how it runs. */
export type PlannedRequest = Pick<CompareRequest, 'corpus' | 'data' | 'valData' | 'textField' | 'labelField' | 'seeds' | 'budget' | 'model' | 'finetune'> & { rows: string[] };

/** What one row and seed has finished. */
export interface PipelineProgress {
  /** Pretraining finished (for the baseline: its random model folder is written). */
  pretrained?: boolean;
  pretrain?: SeedResult['pretrain'];
  finetune?: SeedResult['finetune'];
}

export interface ComparisonState {
  version: number;
  request: PlannedRequest;
  rows: PlannedRow[];
  /** The reference row's FLOPs per step (absent in states written before it was recorded). */
  referenceFlopsPerStep?: number;
  /** By pipelineKey(row, seed). */
  done: Record<string, PipelineProgress>;
}

export function pipelineKey(row: string, seed: number): string {
  return `${row}/seed-${seed}`;
}

export function plannedRequest(req: CompareRequest): PlannedRequest {
  return {
    corpus: req.corpus,
    data: req.data,
    ...(req.valData !== undefined ? { valData: req.valData } : {}),
    ...(req.textField !== undefined ? { textField: req.textField } : {}),
    ...(req.labelField !== undefined ? { labelField: req.labelField } : {}),
    rows: req.rows.map((r) => r.id),
    seeds: [...req.seeds],
    budget: req.budget,
    model: { ...req.model },
    finetune: { ...req.finetune },
  };
}

export function statePath(out: string): string {
  return path.join(out, STATE_FILE);
}

export function hasState(out: string): boolean {
  return existsSync(statePath(out));
}

/** The saved state; an InputError naming the file when it is missing or damaged. */
export function readState(out: string): ComparisonState {
  const file = statePath(out);
  if (!existsSync(file)) throw new InputError(`${out} holds no comparison to resume (no ${STATE_FILE}); start it without --resume`);
  const value = readJsonFile(file, JSON_FILE_LIMITS.trainingState);
  const problem = shapeProblem(value, STATE_SHAPE, 'state');
  if (problem) throw new InputError(`${file} is not a comparison state this version can resume (${problem}); start a new comparison in another --out`);
  return value as ComparisonState;
}

/** comparison-state.json, field by field, so that a damaged file is refused here and not met later as a TypeError. */
const STATE_SHAPE = fields({
  version: exactly(STATE_VERSION, `is not ${STATE_VERSION}`),
  request: fields({
    corpus: str, data: str, valData: optional(str), textField: optional(str), labelField: optional(str),
    rows: arrayOf(str), seeds: arrayOf(num), budget, model: numberRecord, finetune: numberRecord,
  }),
  rows: arrayOf(fields(plannedRow)),
  referenceFlopsPerStep: optional(num),
  done: recordOf(fields({ pretrained: optional(bool), pretrain: optional(pretrainResult), finetune: optional(finetuneResult) })),
});

export async function writeState(out: string, state: Omit<ComparisonState, 'version'>): Promise<void> {
  await writeFileAtomic(statePath(out), JSON.stringify({ version: STATE_VERSION, ...state }, null, 1) + '\n');
}

/** The flag each planned field is set by, for the message of a resume that differs. */
const FLAGS: Record<string, string> = {
  corpus: '<corpus>',
  data: '--data',
  valData: '--val-data',
  textField: '--text-field',
  labelField: '--label-field',
  rows: '--rows',
  seeds: '--seeds',
  budget: '--steps/--minutes',
  'model.layers': '--layers',
  'model.heads': '--heads',
  'model.dim': '--dim',
  'model.context': '--context',
  'model.batch': '--batch',
  'model.vocabSize': '--vocab-size',
  'model.lr': '--lr',
  'finetune.epochs': '--epochs',
  'finetune.lr': '--finetune-lr',
  'finetune.batch': '--finetune-batch',
};

/** Throws an InputError naming the first field where `now` differs from the saved plan. */
export function assertSamePlan(out: string, saved: PlannedRequest, now: PlannedRequest): void {
  for (const field of Object.keys(FLAGS)) {
    const [a, b] = [valueAt(saved, field), valueAt(now, field)];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    throw new InputError(
      `${FLAGS[field]} ${describe(b)} differs from the comparison in ${out} (${describe(a)}); resume with the settings it was started with, or choose a new --out`,
    );
  }
}

function valueAt(request: PlannedRequest, field: string): unknown {
  return field.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], request);
}

function describe(value: unknown): string {
  if (value === undefined) return 'not given';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object' && value !== null) {
    const b = value as { kind?: string; referenceSteps?: number; minutes?: number };
    if (b.kind === 'flops') return `--steps ${b.referenceSteps}`;
    if (b.kind === 'minutes') return `--minutes ${b.minutes}`;
    return JSON.stringify(value);
  }
  return String(value);
}
