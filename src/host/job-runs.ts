// What the extension host's job front-ends (training runs, objective comparisons) share: at most
// one job at a time, each run's snapshot kept by the folder it writes, so a view opened at any
// point shows all of it, and an event for every job event and once more when a job ends.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunningJob } from '../jobs/job-manager';

/** A job as the host follows it. */
export interface JobRun<Snapshot, Summary> {
  readonly snapshot: Snapshot;
  /** Settles when the job ends: its summary, or the error it failed with (already in the snapshot). */
  readonly done: Promise<Summary>;
}

export interface JobRunUpdate<Run, Event> {
  run: Run;
  /** Absent when the run ended (its snapshot says how). */
  event?: Event;
}

/** How one kind of job folds into its snapshot. */
export interface SnapshotRules<Snapshot, Event, Summary> {
  /** Starts the log lines about a run, e.g. "training". */
  noun: string;
  isActive(snapshot: Snapshot): boolean;
  applyEvent(snapshot: Snapshot, event: Event): void;
  applySummary(snapshot: Snapshot, summary: Summary): void;
  applyFailure(snapshot: Snapshot, message: string): void;
  /** Applies `error` when it is no failure but a cancel that came before the job started: true then. */
  cancelledBeforeStart?(snapshot: Snapshot, error: unknown): boolean;
}

export abstract class JobRuns<Snapshot extends { name: string; folder: string }, Event, Summary, Run extends JobRun<Snapshot, Summary>>
implements vscode.Disposable {
  private job: RunningJob<Summary> | undefined;
  private latest: Run | undefined;
  private readonly runs = new Map<string, Run>();
  private readonly emitter = new vscode.EventEmitter<JobRunUpdate<Run, Event>>();
  /** Every event of every run, then once more (without an event) when a run ends. */
  readonly onDidUpdate = this.emitter.event;

  protected constructor(
    private readonly rules: SnapshotRules<Snapshot, Event, Summary>,
    protected readonly log: vscode.LogOutputChannel,
  ) {}

  /** The run in progress, if any. */
  get active(): Run | undefined {
    return this.latest && this.rules.isActive(this.latest.snapshot) ? this.latest : undefined;
  }

  /** The last run started in this session, running or not. */
  get last(): Run | undefined {
    return this.latest;
  }

  /** A run of this session that writes `folder`. */
  find(folder: string): Run | undefined {
    return this.runs.get(path.resolve(folder));
  }

  /**
   * Follows the job that `startJob` starts: its events fold into `snapshot`, and the run that
   * `makeRun` builds around its end becomes the latest. `cleanup` runs once the job has ended.
   */
  protected track(
    snapshot: Snapshot,
    startJob: (onEvent: (event: Event) => void) => RunningJob<Summary>,
    makeRun: (done: Promise<Summary>) => Run,
    cleanup: () => Promise<void>,
  ): Run {
    const { rules, log } = this;
    const job = startJob((event) => {
      rules.applyEvent(snapshot, event);
      this.emitter.fire({ run, event });
    });
    this.job = job;
    const done = job.result.then(
      (summary) => {
        rules.applySummary(snapshot, summary);
        return summary;
      },
      (error: unknown) => {
        if (!rules.cancelledBeforeStart?.(snapshot, error)) {
          const message = error instanceof Error ? error.message : String(error);
          log.error(`${rules.noun} ${snapshot.name}: ${message}`);
          rules.applyFailure(snapshot, message);
        }
        // The job manager replaces a job process that died, so nothing to reset here.
        throw error;
      },
    ).finally(() => {
      if (this.job === job) this.job = undefined;
      this.emitter.fire({ run });
      cleanup().catch((e: unknown) => log.warn(`${rules.noun} ${snapshot.name}: cleanup: ${String(e)}`));
    });
    // Callers that only watch events must not see an unhandled rejection.
    done.catch(() => undefined);
    const run = makeRun(done);
    this.runs.set(path.resolve(snapshot.folder), run);
    this.latest = run;
    this.emitter.fire({ run });
    return run;
  }

  /** Asks the running job to stop; it keeps a checkpoint of where it was. */
  cancel(): boolean {
    if (!this.job) return false;
    this.job.cancel();
    return true;
  }

  dispose(): void {
    this.job?.cancel();
    this.emitter.dispose();
  }
}
