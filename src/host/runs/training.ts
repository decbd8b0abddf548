// The extension host's handle on training jobs: at most one run at a time, in the job worker
// (started on the first run, never at activation: it loads ONNX Runtime). It keeps each run's
// snapshot, so a dashboard, the notification and the status bar opened at any point show the
// whole run, and tells them about every event.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JobManager, RunningJob } from '../../jobs/job-manager';
import { JobCancelledError } from '../../jobs/rpc';
import type { TrainEvent, TrainSummary } from '../../train/run/events';
import type { FinetuneClassifyRequest } from '../../train/finetune/finetune-classify';
import type { PretrainRequest } from '../../train/run/pretrain';
import type { CorpusReport } from '../corpus/corpus-report';
import { applyCancelledBeforeStart, applyEvent, applyFailure, applySummary, isActive, type RunSnapshot } from './run-state';

/** A job that trains a model folder: pretraining (also continued, with `from`) or a classifier. */
export type TrainingJob =
  | { method: 'pretrain'; params: PretrainRequest }
  | { method: 'finetuneClassify'; params: FinetuneClassifyRequest };

export interface TrainingRun {
  readonly snapshot: RunSnapshot;
  readonly corpus?: CorpusReport;
  /** Settles when the job ends: its summary, or the error it failed with (already in the snapshot). */
  readonly done: Promise<TrainSummary>;
}

export interface RunEvent {
  run: TrainingRun;
  /** Absent when the run ended (its snapshot says how). */
  event?: TrainEvent;
}

export class Training implements vscode.Disposable {
  private manager: JobManager | undefined;
  private job: RunningJob<TrainSummary> | undefined;
  private readonly runs = new Map<string, TrainingRun>();
  private readonly emitter = new vscode.EventEmitter<RunEvent>();
  /** Every event of every run, then once more (without an event) when a run ends. */
  readonly onDidUpdate = this.emitter.event;
  private latest: TrainingRun | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The run in progress, if any. */
  get active(): TrainingRun | undefined {
    return this.latest && isActive(this.latest.snapshot) ? this.latest : undefined;
  }

  /** The last run started in this session, running or not. */
  get last(): TrainingRun | undefined {
    return this.latest;
  }

  /** A run of this session that writes `folder`. */
  find(folder: string): TrainingRun | undefined {
    return this.runs.get(path.resolve(folder));
  }

  async start(request: TrainingJob, snapshot: RunSnapshot, corpus: CorpusReport | undefined, cleanup: () => Promise<void>): Promise<TrainingRun> {
    if (this.active) throw new Error(`a training run is already in progress (${this.active.snapshot.name}); stop it first`);
    const manager = await this.jobs();
    const onEvent = (event: TrainEvent) => {
      applyEvent(snapshot, event);
      this.emitter.fire({ run, event });
    };
    // Both jobs report TrainEvents and end with a TrainSummary (a classifier's adds its scores).
    const job: RunningJob<TrainSummary> = request.method === 'pretrain'
      ? manager.start('pretrain', request.params, onEvent)
      : manager.start('finetuneClassify', request.params, onEvent);
    this.job = job;
    const done = job.result.then(
      (summary) => {
        applySummary(snapshot, summary);
        return summary;
      },
      (error: unknown) => {
        if (error instanceof JobCancelledError) {
          applyCancelledBeforeStart(snapshot);
          throw error;
        }
        const message = error instanceof Error ? error.message : String(error);
        this.log.error(`training ${snapshot.name}: ${message}`);
        applyFailure(snapshot, message);
        // The job manager replaces a job process that died, so nothing to reset here.
        throw error;
      },
    ).finally(() => {
      if (this.job === job) this.job = undefined;
      this.emitter.fire({ run });
      cleanup().catch((e: unknown) => this.log.warn(`training ${snapshot.name}: cleanup: ${String(e)}`));
    });
    // Callers that only watch events must not see an unhandled rejection.
    done.catch(() => undefined);
    const run: TrainingRun = { snapshot, corpus, done };
    this.runs.set(path.resolve(snapshot.folder), run);
    this.latest = run;
    this.emitter.fire({ run });
    return run;
  }

  /** Asks the running job to stop after the step in flight; it checkpoints that step. */
  cancel(): boolean {
    if (!this.job) return false;
    this.job.cancel();
    return true;
  }

  private async jobs(): Promise<JobManager> {
    if (!this.manager) {
      const { JobManager } = await import('../../jobs/job-manager');
      this.manager = new JobManager(path.join(this.extensionPath, 'dist', 'worker.js'));
    }
    return this.manager;
  }

  dispose(): void {
    this.job?.cancel();
    void this.manager?.dispose();
    this.manager = undefined;
    this.emitter.dispose();
  }
}
