/**
 * The contract of an objective comparison (`pretrain-lab compare`, the extension's *Compare
 * Pretraining Objectives…*): what is asked, what the job reports while it runs, and the report
 * it leaves in its folder (comparison.json, with comparison.md beside it). The CLI and the
 * extension's comparison view both read only these types.
 */
// Every import is of a plain type module (no Node, no model or training code): the webview
// compiles against this file (media/tsconfig.json), so it reads the very types the job writes.
import type { ModelType } from '../models/configs';
import type { ObjectiveName } from '../models/objectives';
import type { RunSettings } from '../train/run/run-settings';
import type { ErrorEvent, TrainEvent } from '../train/run/events';

/** One (architecture, objective) to pretrain, or the no-pretraining baseline. */
export interface ComparisonRowSpec {
  /** Short stable id used on the command line and as the row's sub-folder, e.g. `bert-mlm`, `electra-rtd`, `none`. */
  id: string;
  /** `none`: the baseline, a BERT of the same sizes with its randomly initialised weights, finetuned directly. */
  arch: ModelType | 'none';
  objective?: ObjectiveName;
}

/** How much pretraining each row gets. */
export type ComparisonBudget =
  /** Equal training FLOPs: every row gets the FLOPs that the reference row (BERT-MLM) spends in `referenceSteps` steps. */
  | { kind: 'flops'; referenceSteps: number }
  /** Equal wall-clock minutes of pretraining per row (and seed). */
  | { kind: 'minutes'; minutes: number };

export interface CompareRequest {
  /** Folder or file of unlabelled text to pretrain every row on. */
  corpus: string;
  /** How the report names the corpus, when `corpus` is a staged copy (the extension stages a workspace folder's files); `corpus` when absent. */
  corpusName?: string;
  /** Labelled data every row is finetuned on (the finetune command's --data forms). */
  data: string;
  valData?: string;
  textField?: string;
  labelField?: string;
  /** The comparison's folder: one sub-folder per row and seed, and the report. */
  out: string;
  rows: ComparisonRowSpec[];
  /** Each seed is one whole pipeline per row: pretraining and finetuning both use it. */
  seeds: number[];
  budget: ComparisonBudget;
  /** Sizes shared by every row (the pretrain command's flags of the same names). */
  model: { layers: number; heads: number; dim: number; context: number; batch: number; vocabSize: number; lr: number };
  /** Finetuning settings shared by every row. */
  finetune: { epochs: number; lr: number; batch: number };
  /** Device and threads of every phase; the budget (not `maxMinutes`) limits each row's pretraining time. */
  settings: RunSettings;
  /** Continue a killed or cancelled comparison in `out` at the row and seed it was in. */
  resume: boolean;
}

/** Where the comparison is: which row and seed, and which phase. */
export interface ComparisonPosition {
  row: string;
  seed: number;
  phase: 'pretrain' | 'finetune';
}

export type CompareEvent =
  /** Sent first: every row with the steps and FLOPs its budget gives it. */
  | { event: 'plan'; rows: PlannedRow[]; seeds: number[]; budget: ComparisonBudget }
  /** A phase of a row starts (`resumed` when it continues a checkpoint, `reused` when it had already finished). */
  | ({ event: 'phase'; status: 'start' | 'reused' | 'resumed' } & ComparisonPosition)
  /** The phase's own training events, as the pretrain and finetune commands report them. */
  | ({ event: 'train'; inner: TrainEvent } & ComparisonPosition)
  /** A row and seed finished both phases (also sent for one a resume reuses). */
  | { event: 'result'; row: string; seed: number; result: SeedResult }
  | { event: 'log'; level: 'info' | 'warn'; message: string }
  /** Sent just before the job fails (as every training job does): `input` is the user's to fix. */
  | ErrorEvent;

export interface PlannedRow {
  id: string;
  /** Words for the table, e.g. "ELECTRA — replaced-token detection". */
  label: string;
  arch: ModelType | 'none';
  objective?: ObjectiveName;
  /** Pretraining steps this row gets (0 for the baseline, and for a minutes budget an upper bound). */
  steps: number;
  /** Estimated training FLOPs of one step (forward + backward), every network the step trains. */
  flopsPerStep: number;
  /** Trainable parameters during pretraining, and of the network that is finetuned. */
  pretrainParameters: number;
  finetuneParameters: number;
}

/** One pipeline (row × seed). */
export interface SeedResult {
  pretrain?: {
    steps: number;
    flops: number;
    minutes: number;
    tokensPerSec: number;
    finalValLoss?: number;
    /** Masked-token accuracy (MLM objectives), replaced/original-token accuracy (RTD), sentence-order accuracy (SOP). */
    metrics: Record<string, number>;
    /** Training loss by step, for the curves side by side. */
    curve: { step: number; loss: number }[];
  };
  finetune: { accuracy: number; macroF1: number; minutes: number };
}

/** A row of the report: its plan, each seed's result, and the means with their spread. */
export interface ReportRow extends PlannedRow {
  seeds: { seed: number; result: SeedResult }[];
  /** Mean and sample standard deviation over seeds (sd 0 with one seed; NaN, written as null in comparison.json, before any seed finished). */
  accuracy: { mean: number; sd: number };
  macroF1: { mean: number; sd: number };
}

/** comparison.json */
export interface ComparisonReport {
  version: 1;
  corpus: string;
  data: string;
  budget: ComparisonBudget;
  model: CompareRequest['model'];
  finetune: CompareRequest['finetune'];
  rows: ReportRow[];
  /** Training FLOPs of one step of the reference row (BERT-MLM at these sizes), the unit of a FLOPs budget. */
  referenceFlopsPerStep?: number;
  /** Whether every row and seed finished; a cancelled comparison leaves a partial report. */
  complete: boolean;
}

/** The job's result. */
export interface ComparisonSummary {
  event: 'done';
  stopReason: 'completed' | 'cancelled';
  report: ComparisonReport;
  /** Paths of comparison.json and comparison.md. */
  jsonPath: string;
  markdownPath: string;
}
