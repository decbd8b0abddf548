/** A contrastive run's queue and momentum encoder, from its hyperparameters (apart from forward-contrastive.ts, which the flag table's imports reach). */
import type { ContrastiveOptions } from '../forward-contrastive';
import { HYPERPARAM_FLAGS, type RunHyperparams } from '../run/training-flags';

/** The queue and momentum of a contrastive run's hyperparameters (the table's defaults where a checkpoint lacks them); undefined for other objectives. */
export function contrastiveOptionsOf(h: Pick<RunHyperparams, 'objective' | 'queueSize' | 'momentum' | 'seed'>): ContrastiveOptions | undefined {
  if (h.objective !== 'contrastive') return undefined;
  return { queueSize: h.queueSize ?? HYPERPARAM_FLAGS.queueSize.default, momentum: h.momentum ?? HYPERPARAM_FLAGS.momentum.default, seed: h.seed };
}
