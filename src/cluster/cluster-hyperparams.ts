/**
 * The bundle's hyperparams.json: our run's hyperparameters as train.py reads them. The schedule
 * continues from our step (same warmup + cosine as train/step/schedule.ts), AdamW keeps our
 * betas, eps and the rule of which parameters decay, and masking carries the special-token ids
 * our batchers use, so the first cluster step draws the same kind of batch our last one did.
 */
import type { TrainingProgress } from '../train/checkpoint/checkpoint';
import type { RunHyperparams } from '../train/run/hyperparams';
import { DEFAULT_ADAMW } from '../train/step/adamw';
import { DEFAULT_MASKING_RULES } from '../data/masking';
import { nonSpecialIds, specialTokenIdsOf } from '../data/special-ids';
import type { Tokenizer } from '../tokenizer/types';
import { InputError } from '../util/errors';

/** Objectives train.py implements, per model type. */
export const CLUSTER_OBJECTIVES: Record<string, string> = { gpt2: 'clm', bert: 'mlm' };

export interface ClusterHyperparams {
  format: 'pretrain-lab-cluster-run';
  version: 1;
  modelType: string;
  objective: string;
  /** Optimizer steps our run took: the cluster run's first step is startStep + 1. */
  startStep: number;
  /** Total steps of the schedule (train.py's --steps raises it to continue further). */
  steps: number;
  schedule: { lr: number; minLr: number; warmup: number };
  optimizer: { name: 'adamw'; beta1: number; beta2: number; eps: number; weightDecay: number; decay: 'ndim>=2' };
  clip: number;
  /** Rows per optimizer step across all ranks = batch × gradAccum, as in our run. */
  batch: number;
  gradAccum: number;
  context: number;
  dropout: number;
  seed: number;
  evalEvery: number;
  evalBatches: number;
  checkpointEvery: number;
  /** The token placed between documents in the shards. */
  separatorId: number | null;
  masking: null | { strategy: string; probability: number; maskId: number; clsId: number | null; sepId: number | null; padId: number; replacementIds: number[] };
  ours: { tokensSeen: number; lastLoss: number | null; lastValLoss: number | null; elapsedMs: number };
}

/** The separator our batchers put between documents for this objective (batch-causal.ts, batch-masked.ts). */
export function separatorFor(objective: string, tokenizer: Tokenizer): number | undefined {
  const ids = specialTokenIdsOf(tokenizer);
  return objective === 'clm' ? (ids.eos ?? ids.sep ?? ids.bos) : (ids.sep ?? ids.eos);
}

export function clusterHyperparams(hyper: RunHyperparams, progress: TrainingProgress, tokenizer: Tokenizer): ClusterHyperparams {
  const ids = specialTokenIdsOf(tokenizer);
  let masking: ClusterHyperparams['masking'] = null;
  if (hyper.objective === 'mlm') {
    if (ids.mask === undefined) throw new InputError('the tokenizer has no mask token, which masked-LM training needs');
    const wrap = ids.cls !== undefined && ids.sep !== undefined;
    masking = {
      strategy: hyper.masking ?? 'token',
      probability: DEFAULT_MASKING_RULES.maskProbability,
      maskId: ids.mask,
      clsId: wrap ? ids.cls! : null,
      sepId: wrap ? ids.sep! : null,
      padId: ids.pad ?? 0,
      replacementIds: [...nonSpecialIds(tokenizer)],
    };
  }
  return {
    format: 'pretrain-lab-cluster-run',
    version: 1,
    modelType: hyper.arch,
    objective: hyper.objective,
    startStep: progress.step,
    steps: hyper.steps,
    schedule: { lr: hyper.lr, minLr: hyper.minLr, warmup: hyper.warmup },
    optimizer: { name: 'adamw', beta1: hyper.beta1, beta2: hyper.beta2, eps: DEFAULT_ADAMW.eps, weightDecay: hyper.weightDecay, decay: 'ndim>=2' },
    clip: hyper.clip,
    batch: hyper.batch,
    gradAccum: hyper.gradAccum,
    context: hyper.context,
    dropout: hyper.dropout,
    seed: hyper.seed,
    evalEvery: hyper.evalEvery,
    evalBatches: hyper.evalBatches,
    checkpointEvery: hyper.checkpointEvery,
    separatorId: separatorFor(hyper.objective, tokenizer) ?? null,
    masking,
    ours: { tokensSeen: progress.tokensSeen, lastLoss: progress.lastLoss ?? null, lastValLoss: progress.lastValLoss ?? null, elapsedMs: progress.elapsedMs },
  };
}
