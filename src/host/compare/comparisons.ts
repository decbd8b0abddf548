// The extension host's handle on objective comparisons: at most one at a time, run as the
// `compare` job in the same job process as training (one model trains at a time), with a
// snapshot per comparison so a view opened at any point shows all of it, and an event for
// every CompareEvent and once more when a comparison ends.
import type * as vscode from 'vscode';
import type { CompareEvent, CompareRequest, ComparisonSummary } from '../../compare/protocol';
import { JobRuns, type JobRun, type JobRunUpdate, type SnapshotRules } from '../job-runs';
import type { Training } from '../runs/training';
import {
  applyCompareEvent, applyComparisonFailure, applyReport, isComparisonActive, newComparison, type ComparisonSnapshot,
} from './comparison-state';

export type ComparisonRun = JobRun<ComparisonSnapshot, ComparisonSummary>;

export type ComparisonUpdate = JobRunUpdate<ComparisonRun, CompareEvent>;

const COMPARISON_RULES: SnapshotRules<ComparisonSnapshot, CompareEvent, ComparisonSummary> = {
  noun: 'comparison',
  isActive: isComparisonActive,
  applyEvent: applyCompareEvent,
  // A cancelled comparison resolves (stopReason 'cancelled'); a rejection is a failure.
  applySummary: (snapshot, summary) => applyReport(snapshot, summary.stopReason, summary.report),
  applyFailure: applyComparisonFailure,
};

export class Comparisons extends JobRuns<ComparisonSnapshot, CompareEvent, ComparisonSummary, ComparisonRun> {
  constructor(
    private readonly training: Training,
    log: vscode.LogOutputChannel,
  ) {
    super(COMPARISON_RULES, log);
  }

  async start(request: CompareRequest, name: string, cleanup: () => Promise<void>): Promise<ComparisonRun> {
    if (this.active) throw new Error(`a comparison is already running (${this.active.snapshot.name}); stop it first`);
    if (this.training.active) throw new Error(`${this.training.active.snapshot.name} is training; one run at a time`);
    const snapshot = newComparison(name, request.out);
    const manager = await this.training.jobManager();
    return this.track(snapshot, (onEvent) => manager.start('compare', request, onEvent), (done) => ({ snapshot, done }), cleanup);
  }
}
