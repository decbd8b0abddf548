// What the Compare Pretraining Objectives wizard offers and checks, kept free of vscode so it
// is unit-tested: the size presets, the budget and its checks, the time a comparison should
// take (the pretrain wizard's estimate, per row and seed), the job request, and the
// unfinished comparisons a new run can resume instead.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { CompareRequest, ComparisonBudget, ComparisonRowSpec } from '../../compare/protocol';
import { BASELINE_ROW, DEFAULT_ROW_IDS, KNOWN_ROWS, rowsOf, type KnownRow } from '../../compare/rows';
import { hasState, pipelineKey, readState, type PlannedRequest } from '../../compare/state';
import { CLASSIFY_DEFAULTS } from '../../train/finetune/finetune-hyperparams';
import { DEFAULT_HYPERPARAMS, type RunSettings } from '../../train/run/hyperparams';
import { estimateSeconds, type RunShape } from '../runs/pretrain-presets';
import type { LabelledData } from '../runs/finetune-presets';

/** Comparisons live here, inside the models folder, one folder each. */
export const COMPARISONS_FOLDER = 'comparisons';

export type CompareModel = CompareRequest['model'];
export type CompareFinetune = CompareRequest['finetune'];

export interface ComparePreset {
  id: 'quick' | 'standard';
  label: string;
  model: CompareModel;
  /** The equal-FLOPs budget it suggests: BERT-MLM's steps. */
  referenceSteps: number;
}

/** Every row learns something in a few minutes on 2 cores; the standard preset is the pretrain wizard's settings. */
export const QUICK_MODEL: CompareModel = { layers: 2, heads: 2, dim: 64, context: 64, batch: 8, vocabSize: 1024, lr: DEFAULT_HYPERPARAMS.lr };
export const QUICK_REFERENCE_STEPS = 200;

export function comparePresets(standard: RunShape): ComparePreset[] {
  const { layers, heads, dim, context, batch, vocabSize, steps } = standard;
  return [
    { id: 'quick', label: 'Quick', model: QUICK_MODEL, referenceSteps: QUICK_REFERENCE_STEPS },
    { id: 'standard', label: 'Standard', model: { layers, heads, dim, context, batch, vocabSize, lr: DEFAULT_HYPERPARAMS.lr }, referenceSteps: steps },
  ];
}

export const DEFAULT_FINETUNE: CompareFinetune = { epochs: CLASSIFY_DEFAULTS.epochs, lr: CLASSIFY_DEFAULTS.lr, batch: CLASSIFY_DEFAULTS.batch };

/** Every row the comparison can run, the defaults first in their order. */
export function rowChoices(): { row: KnownRow; picked: boolean }[] {
  const defaults: readonly string[] = DEFAULT_ROW_IDS;
  const byDefault = (r: KnownRow) => (defaults.includes(r.id) ? defaults.indexOf(r.id) : defaults.length);
  return [...KNOWN_ROWS].sort((a, b) => byDefault(a) - byDefault(b)).map((row) => ({ row, picked: defaults.includes(row.id) }));
}

/** The job's rows for these ids (checked: known, each once). */
export function rowSpecs(ids: readonly string[]): ComparisonRowSpec[] {
  return rowsOf(ids).map((r) => ({ id: r.id, arch: r.arch, ...(r.objective ? { objective: r.objective } : {}) }));
}

export const MAX_REFERENCE_STEPS = 10_000_000;
export const MAX_MINUTES = 24 * 60;

/** An InputBox's validateInput for the budget's number. */
export function checkBudget(kind: ComparisonBudget['kind'], text: string): string | undefined {
  const value = text.trim();
  const n = Number(value);
  if (kind === 'flops') {
    if (!/^\d+$/.test(value)) return 'Enter a whole number of steps.';
    return n < 1 || n > MAX_REFERENCE_STEPS ? `Enter a number from 1 to ${MAX_REFERENCE_STEPS}.` : undefined;
  }
  if (value === '' || !Number.isFinite(n)) return 'Enter a number of minutes, e.g. 2 or 0.5.';
  return n <= 0 || n > MAX_MINUTES ? `Enter minutes above 0 and at most ${MAX_MINUTES}.` : undefined;
}

export function budgetOf(kind: ComparisonBudget['kind'], text: string): ComparisonBudget {
  const n = Number(text.trim());
  return kind === 'flops' ? { kind, referenceSteps: n } : { kind, minutes: n };
}

/** Seconds a comparison should take on a 2-core laptop: each row and seed pretrains (the baseline does not) and finetunes. */
export function estimateComparisonSeconds(rows: readonly ComparisonRowSpec[], seeds: number, model: CompareModel, budget: ComparisonBudget, finetune: CompareFinetune, data: Pick<LabelledData, 'examples'>): number {
  const shape = (batch: number, steps: number): RunShape => ({ arch: 'bert', layers: model.layers, heads: model.heads, dim: model.dim, context: model.context, batch, steps, vocabSize: model.vocabSize });
  // Equal FLOPs: every row costs about what the reference row does (its steps are fewer where each is dearer).
  const pretrain = budget.kind === 'flops' ? estimateSeconds(shape(model.batch, budget.referenceSteps)) : budget.minutes * 60;
  const trainExamples = Math.max(1, Math.round(data.examples * (1 - CLASSIFY_DEFAULTS.valFraction)));
  const finetuneSteps = Math.max(1, Math.round(finetune.epochs * Math.ceil(trainExamples / finetune.batch)));
  const tune = estimateSeconds(shape(finetune.batch, finetuneSteps));
  const pretrained = rows.filter((r) => r.id !== BASELINE_ROW).length;
  return seeds * (pretrained * pretrain + rows.length * tune);
}

/** "2 layers × 64 wide · 4 heads · context 64 · batch 8 · vocabulary 1024" */
export function describeModel(model: CompareModel): string {
  return `${model.layers} layers × ${model.dim} wide · ${model.heads} heads · context ${model.context} · batch ${model.batch} · vocabulary ${model.vocabSize}`;
}

export function describeBudgetChoice(budget: ComparisonBudget): string {
  return budget.kind === 'flops' ? `equal FLOPs: BERT-MLM's ${budget.referenceSteps} steps` : `equal time: ${budget.minutes} min of pretraining per row`;
}

export interface NewComparison {
  corpus: string;
  /** The workspace folder the staged corpus came from: what the report names. */
  corpusName?: string;
  data: string;
  out: string;
  rows: string[];
  seeds: number[];
  budget: ComparisonBudget;
  model: CompareModel;
  finetune: CompareFinetune;
}

export function compareRequest(c: NewComparison, settings: RunSettings): CompareRequest {
  return { corpus: c.corpus, ...(c.corpusName !== undefined ? { corpusName: c.corpusName } : {}), data: c.data, out: c.out, rows: rowSpecs(c.rows), seeds: c.seeds, budget: c.budget, model: c.model, finetune: c.finetune, settings, resume: false };
}

/** The request that continues the comparison in `out`, exactly as it was planned (the job refuses any other). */
export function resumeRequest(out: string, saved: PlannedRequest, settings: RunSettings, corpusName?: string): CompareRequest {
  const { rows, valData, textField, labelField, ...rest } = saved;
  return {
    ...rest,
    ...(corpusName !== undefined ? { corpusName } : {}),
    ...(valData !== undefined ? { valData } : {}),
    ...(textField !== undefined ? { textField } : {}),
    ...(labelField !== undefined ? { labelField } : {}),
    out,
    rows: rowSpecs(rows),
    settings,
    resume: true,
  };
}

/** A comparison folder with pipelines still to run. */
export interface Unfinished {
  name: string;
  out: string;
  plan: PlannedRequest;
  done: number;
  total: number;
}

/** The comparison in `out` if it has pipelines left; undefined when there is none, it is finished, or its state is unreadable. */
export function unfinishedComparison(out: string): Unfinished | undefined {
  if (!hasState(out)) return undefined;
  try {
    const state = readState(out);
    const seeds = state.request.seeds;
    const total = state.rows.length * seeds.length;
    const done = state.rows.reduce((n, r) => n + seeds.filter((s) => state.done[pipelineKey(r.id, s)]?.finetune).length, 0);
    return done < total ? { name: path.basename(out), out, plan: state.request, done, total } : undefined;
  } catch {
    return undefined;
  }
}

/** The unfinished comparisons in the models folder's comparisons/. */
export function unfinishedComparisons(models: string): Unfinished[] {
  const root = path.join(models, COMPARISONS_FOLDER);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => unfinishedComparison(path.join(root, d.name)) ?? []);
}

/** Where the extension stages the workspace corpus of the comparison in `out`: the same path on
 *  every run, since a resumed comparison must read the corpus path it was planned with. */
export function comparisonStaging(storage: string, out: string): string {
  return path.join(storage, 'corpus-staging', `comparison-${createHash('sha256').update(path.resolve(out)).digest('hex').slice(0, 16)}`);
}
