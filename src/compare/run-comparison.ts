/**
 * The comparison as one function, as the worker job runs it: check and plan the request (or read
 * the plan of the comparison being resumed), then for each seed and each row pretrain with the
 * row's budget (`pretrain()`, into `<out>/<row>/seed-<s>/pretrained`) and finetune the result on
 * the labelled data (`finetuneClassify()`, into `…/finetuned`) with the same settings and seed for
 * every row. Each finished phase is recorded in the state file and the report is rewritten after
 * each finished row, so a kill or a cancel loses at most the phase in flight — and that one
 * continues from its own checkpoint on `--resume`.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../util/errors';
import { writeFileAtomic } from '../util/atomic-write';
import { acquireModelLock } from '../util/folder-lock';
import { TRAINING_FILES } from '../modelfile/layout';
import type { ModelType } from '../models/configs';
import { readCheckpointHyperparams, trainingDir } from '../train/checkpoint/checkpoint';
import { finetuneClassify } from '../train/finetune/finetune-classify';
import type { TrainEvent } from '../train/run/events';
import { DEFAULT_HYPERPARAMS, type RunSettings } from '../train/run/hyperparams';
import { pretrain } from '../train/run/pretrain';
import { baselineWritten, writeBaselineModel } from './baseline-model';
import { reportJsonPath, reportMarkdownPath } from './files';
import { planRows, referenceFlopsPerStep } from './plan';
import type { CompareEvent, CompareRequest, ComparisonPosition, ComparisonSummary, PlannedRow } from './protocol';
import { finetuneResult, pretrainResult } from './pretrain-result';
import { buildReport, reportJson } from './report';
import { reportMarkdown } from './report-markdown';
import { checkRequest } from './request-checks';
import { assertSamePlan, pipelineKey, plannedRequest, readState, writeState, type ComparisonState } from './state';

/** Where one row and seed keeps its two model folders. */
export function pipelineFolders(out: string, row: string, seed: number): { pretrained: string; finetuned: string } {
  const dir = path.join(out, row, `seed-${seed}`);
  return { pretrained: path.join(dir, 'pretrained'), finetuned: path.join(dir, 'finetuned') };
}

/** With a minutes budget, evaluate this often so the last evaluation is near wherever the clock stops the row. */
const MINUTES_BUDGET_EVAL_EVERY = 100;

export async function runComparison(request: CompareRequest, emit: (e: CompareEvent) => void, signal?: AbortSignal): Promise<ComparisonSummary> {
  const req: CompareRequest = { ...request, corpus: path.resolve(request.corpus), data: path.resolve(request.data), out: path.resolve(request.out), ...(request.valData !== undefined ? { valData: path.resolve(request.valData) } : {}) };
  const labels = checkRequest(req);
  const createdHere = !existsSync(req.out);
  const lock = acquireModelLock(req.out, { command: 'compare' });
  let state: ComparisonState | undefined;
  try {
    const planned = plannedRequest(req);
    if (req.resume) {
      state = readState(req.out);
      assertSamePlan(req.out, state.request, planned);
    } else {
      state = { version: 1, request: planned, rows: planRows(req, labels.length), referenceFlopsPerStep: referenceFlopsPerStep(req.model), done: {} };
    }
    await mkdir(req.out, { recursive: true });
    if (!req.resume) await writeState(req.out, state);
    emit({ event: 'plan', rows: state.rows, seeds: req.seeds, budget: req.budget });
    const runner = new PipelineRunner(req, state, emit, signal);
    let stopReason: ComparisonSummary['stopReason'] = 'completed';
    outer: for (const seed of req.seeds) {
      for (const row of state.rows) {
        if (signal?.aborted || (await runner.run(row, seed)) === 'cancelled') {
          stopReason = 'cancelled';
          break outer;
        }
      }
    }
    return { event: 'done', stopReason, ...(await writeReport(req, state)) };
  } catch (error) {
    // A comparison refused before any phase finished (a corpus too small for a row…) leaves nothing behind.
    const done = state?.done ?? {};
    if (createdHere && error instanceof InputError && Object.values(done).every((d) => !d.pretrained)) await rm(req.out, { recursive: true, force: true });
    throw error;
  } finally {
    lock.release();
  }
}

/** Writes comparison.json and comparison.md from what the state records as finished. */
async function writeReport(req: CompareRequest, state: ComparisonState): Promise<Omit<ComparisonSummary, 'event' | 'stopReason'>> {
  const report = buildReport(state, req);
  const jsonPath = reportJsonPath(req.out);
  const markdownPath = reportMarkdownPath(req.out);
  await writeFileAtomic(jsonPath, reportJson(report));
  await writeFileAtomic(markdownPath, reportMarkdown(report));
  return { report, jsonPath, markdownPath };
}

type Outcome = 'finished' | 'cancelled';

/** Runs the two phases of one row and seed, skipping what the state records as finished. */
class PipelineRunner {
  constructor(
    private readonly req: CompareRequest,
    private readonly state: ComparisonState,
    private readonly emit: (e: CompareEvent) => void,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async run(row: PlannedRow, seed: number): Promise<Outcome> {
    const key = pipelineKey(row.id, seed);
    const progress = (this.state.done[key] ??= {});
    const folders = pipelineFolders(this.req.out, row.id, seed);
    const at = (phase: ComparisonPosition['phase']): ComparisonPosition => ({ row: row.id, seed, phase });
    if (progress.pretrained) {
      this.emit({ event: 'phase', status: 'reused', ...at('pretrain') });
    } else {
      if ((await this.cancellable(() => this.pretrain(row, seed, folders.pretrained, at('pretrain')))) === 'cancelled') return 'cancelled';
      progress.pretrained = true;
      if (row.arch !== 'none') progress.pretrain = await pretrainResult(folders.pretrained, row.flopsPerStep);
      await writeState(this.req.out, this.state);
    }
    const reused = progress.finetune !== undefined;
    if (reused) {
      this.emit({ event: 'phase', status: 'reused', ...at('finetune') });
    } else {
      const scores = await this.cancellable(() => this.finetune(seed, folders, at('finetune')));
      if (scores === 'cancelled') return 'cancelled';
      progress.finetune = scores;
      await writeState(this.req.out, this.state);
    }
    // Also for a reused pipeline, so that whoever follows the events has every row's result.
    this.emit({ event: 'result', row: row.id, seed, result: { ...(progress.pretrain ? { pretrain: progress.pretrain } : {}), finetune: progress.finetune! } });
    if (!reused) await writeReport(this.req, this.state);
    return 'finished';
  }

  /** A phase's outcome, or 'cancelled' when it stopped (or failed) because the signal was aborted. */
  private async cancellable<T>(phase: () => Promise<T | 'cancelled'>): Promise<T | 'cancelled'> {
    try {
      return await phase();
    } catch (error) {
      if (this.signal?.aborted) return 'cancelled';
      throw error;
    }
  }

  private relay(position: ComparisonPosition): (inner: TrainEvent) => void {
    return (inner) => this.emit({ event: 'train', inner, ...position });
  }

  private async pretrain(row: PlannedRow, seed: number, folder: string, position: ComparisonPosition): Promise<'done' | 'cancelled'> {
    const { req } = this;
    if (row.arch === 'none') {
      this.emit({ event: 'phase', status: baselineWritten(folder) ? 'reused' : 'start', ...position });
      if (!baselineWritten(folder)) await writeBaselineModel(folder, req, seed, this.relay(position), this.signal);
      return 'done';
    }
    const saved = await readCheckpointHyperparams(folder);
    const resume = saved !== undefined;
    this.emit({ event: 'phase', status: resume ? 'resumed' : 'start', ...position });
    const minutes = req.budget.kind === 'minutes' ? req.budget.minutes : undefined;
    // The clock of --max-minutes restarts with each session: a resumed row gets what is left of its minutes.
    const maxMinutes = minutes === undefined ? undefined : Math.max(1e-6, minutes - (saved?.progress.elapsedMs ?? 0) / 60_000);
    const summary = await pretrain(
      {
        corpus: req.corpus,
        out: folder,
        hyperparams: {
          arch: row.arch as ModelType,
          objective: row.objective,
          layers: req.model.layers,
          heads: req.model.heads,
          dim: req.model.dim,
          context: req.model.context,
          batch: req.model.batch,
          vocabSize: req.model.vocabSize,
          lr: req.model.lr,
          minLr: req.model.lr / 10,
          steps: row.steps,
          // A tenth of the row's steps (at most the usual 100): rows with fewer steps still reach the peak rate.
          warmup: Math.min(DEFAULT_HYPERPARAMS.warmup, Math.floor(row.steps / 10)),
          ...(minutes !== undefined ? { evalEvery: MINUTES_BUDGET_EVAL_EVERY } : {}),
          seed,
        },
        settings: { ...this.runSettings(), ...(maxMinutes !== undefined ? { maxMinutes } : {}) },
        resume,
      },
      this.relay(position),
      this.signal,
    );
    return summary.stopReason === 'cancelled' ? 'cancelled' : 'done';
  }

  private async finetune(seed: number, folders: { pretrained: string; finetuned: string }, position: ComparisonPosition) {
    const { req } = this;
    const resume = existsSync(path.join(trainingDir(folders.finetuned), TRAINING_FILES.state));
    this.emit({ event: 'phase', status: resume ? 'resumed' : 'start', ...position });
    const summary = await finetuneClassify(
      {
        model: folders.pretrained,
        out: folders.finetuned,
        data: req.data,
        ...(req.valData !== undefined ? { valData: req.valData } : {}),
        textField: req.textField,
        labelField: req.labelField,
        hyperparams: { epochs: req.finetune.epochs, lr: req.finetune.lr, batch: req.finetune.batch, seed },
        settings: this.runSettings(),
        resume,
      },
      this.relay(position),
      this.signal,
    );
    return summary.stopReason === 'cancelled' ? ('cancelled' as const) : finetuneResult(folders.finetuned, summary.labels.length);
  }

  /** Where and with how many threads every phase runs; the comparison's budget, not the request, sets time limits. */
  private runSettings(): RunSettings {
    return { device: this.req.settings.device, ...(this.req.settings.threads !== undefined ? { threads: this.req.settings.threads } : {}) };
  }
}
