/**
 * The objective comparison as a job (`pretrain-lab compare`, the extension's *Compare Pretraining
 * Objectives…*): runs in the job process like pretraining, its rows one after another in-process.
 * Progress arrives as CompareEvents; the result is the `done` summary with the report. Cancelling
 * stops the phase in flight at its next step, with a checkpoint, and the report is written.
 */
import { runComparison } from '../compare/run-comparison';
import type { CompareEvent, CompareRequest, ComparisonSummary } from '../compare/protocol';
import { reportingErrors } from './train-jobs';
import type { JobHandlers } from './worker-serve';

export interface CompareJobs {
  compare: { params: CompareRequest; event: CompareEvent; result: ComparisonSummary };
}

export function compareJobHandlers(): JobHandlers<CompareJobs> {
  return {
    compare: (params, ctx) => reportingErrors(ctx, () => runComparison(params, (event) => ctx.emit(event), ctx.signal)),
  };
}
