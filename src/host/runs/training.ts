// The extension host's handle on training jobs: at most one run at a time, in the job worker
// (started on the first run, never at activation: it loads ONNX Runtime). It keeps each run's
// snapshot, so a dashboard, the notification and the status bar opened at any point show the
// whole run, and tells them about every event.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JobManager } from '../../jobs/job-manager';
import { JobCancelledError } from '../../jobs/rpc';
import type { TrainEvent, TrainSummary } from '../../train/run/events';
import type { FinetuneClassifyRequest } from '../../train/finetune/finetune-classify';
import type { PretrainRequest } from '../../train/run/pretrain';
import type { CorpusReport } from '../corpus/corpus-report';
import { JobRuns, type JobRun, type JobRunUpdate, type SnapshotRules } from '../job-runs';
import { applyCancelledBeforeStart, applyEvent, applyFailure, applySummary, isActive, type RunSnapshot } from './run-state';

/** A job that trains a model folder: pretraining (also continued, with `from`) or a classifier. */
export type TrainingJob =
  | { method: 'pretrain'; params: PretrainRequest }
  | { method: 'finetuneClassify'; params: FinetuneClassifyRequest };

export interface TrainingRun extends JobRun<RunSnapshot, TrainSummary> {
  readonly corpus?: CorpusReport;
}

export type RunEvent = JobRunUpdate<TrainingRun, TrainEvent>;

const TRAINING_RULES: SnapshotRules<RunSnapshot, TrainEvent, TrainSummary> = {
  noun: 'training',
  isActive,
  applyEvent,
  applySummary,
  applyFailure,
  cancelledBeforeStart(snapshot, error) {
    if (!(error instanceof JobCancelledError)) return false;
    applyCancelledBeforeStart(snapshot);
    return true;
  },
};

export class Training extends JobRuns<RunSnapshot, TrainEvent, TrainSummary, TrainingRun> {
  private manager: JobManager | undefined;

  constructor(
    private readonly extensionPath: string,
    log: vscode.LogOutputChannel,
  ) {
    super(TRAINING_RULES, log);
  }

  async start(request: TrainingJob, snapshot: RunSnapshot, corpus: CorpusReport | undefined, cleanup: () => Promise<void>): Promise<TrainingRun> {
    if (this.active) throw new Error(`a training run is already in progress (${this.active.snapshot.name}); stop it first`);
    const manager = await this.jobManager();
    return this.track(
      snapshot,
      // Both jobs report TrainEvents and end with a TrainSummary (a classifier's adds its scores).
      (onEvent) => (request.method === 'pretrain' ? manager.start('pretrain', request.params, onEvent) : manager.start('finetuneClassify', request.params, onEvent)),
      (done) => ({ snapshot, corpus, done }),
      cleanup,
    );
  }

  /** The job process front-end, shared with comparisons (one model trains at a time). */
  async jobManager(): Promise<JobManager> {
    if (!this.manager) {
      const { JobManager } = await import('../../jobs/job-manager');
      this.manager = new JobManager(path.join(this.extensionPath, 'dist', 'worker.js'));
    }
    return this.manager;
  }

  override dispose(): void {
    super.dispose();
    void this.manager?.dispose();
    this.manager = undefined;
  }
}
