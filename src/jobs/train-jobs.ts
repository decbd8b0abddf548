/**
 * Training and evaluation jobs, run inside the job worker so that ORT's blocking steps never
 * stall the CLI's progress bar or the extension host. Progress arrives as TrainEvents; the
 * result is the `done` summary. Cancelling stops the run after the step in flight, with a
 * checkpoint of that step. A failing job first emits an `error` event saying whether the user
 * can fix it (bad input) — error classes do not survive the trip between threads.
 */
import { InputError, UsageError } from '../util/errors';
import { evaluateCorpus, type EvaluateRequest, type EvaluateResult } from '../train/run/evaluate-corpus';
import type { ErrorEvent, TrainEvent, TrainSummary } from '../train/run/events';
import { finetuneClassify, type ClassifySummary, type FinetuneClassifyRequest } from '../train/finetune/finetune-classify';
import { pretrain, type PretrainRequest } from '../train/run/pretrain';
import type { JobContext, JobHandlers } from './worker-serve';

export interface TrainJobs {
  /** Also continued pretraining (`finetune --task lm`): a request with `from`. */
  pretrain: { params: PretrainRequest; event: TrainEvent; result: TrainSummary };
  finetuneClassify: { params: FinetuneClassifyRequest; event: TrainEvent; result: ClassifySummary };
  evaluate: { params: EvaluateRequest; event: ErrorEvent; result: EvaluateResult };
}

export function trainJobHandlers(): JobHandlers<TrainJobs> {
  return {
    pretrain: (params, ctx) => reportingErrors(ctx, () => pretrain(params, (event) => ctx.emit(event), ctx.signal)),
    finetuneClassify: (params, ctx) => reportingErrors(ctx, () => finetuneClassify(params, (event) => ctx.emit(event), ctx.signal)),
    evaluate: (params, ctx) => reportingErrors(ctx, () => evaluateCorpus(params, ctx.signal)),
  };
}

/** Runs a job; a failure is first told as an `error` event saying whether the user can fix it. */
export async function reportingErrors<T>(ctx: JobContext<ErrorEvent>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const kind = error instanceof InputError || error instanceof UsageError ? 'input' : 'failure';
    ctx.emit({ event: 'error', kind, message: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
