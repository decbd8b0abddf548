/**
 * Batches for ELECTRA's replaced-token detection: masked-LM batches (batch-masked.ts) plus the
 * Gumbel noise its generator samples replacements with, as a step input. The noise of the n-th
 * batch is drawn from an RNG seeded by (seed, n) alone, so a resumed run, whose masked-LM
 * source restores n, feeds the same noise bit for bit without any extra state to checkpoint.
 * Letters: B batch, T tokens, V vocabulary.
 */
import type { Tokenizer } from '../tokenizer';
import { Rng } from '../util/rng';
import { type Batch, type BatchSource, type BatchSourceState, IGNORE_INDEX } from './batch';
import { MaskedLmBatches, type MaskedLmBatchOptions } from './batch-masked';

/** Standard Gumbel noise −log(−log u), u kept inside (0, 1) so that it stays finite. */
export function gumbelSample(rng: Rng): number {
  const u = Math.min(Math.max(rng.next(), 1e-12), 1 - 1e-12);
  return -Math.log(-Math.log(u));
}

/** (B, T, V) noise for the masked positions of `labels` (0 elsewhere: never read there), from an RNG seeded with `seed`. */
export function gumbelNoise(labels: Batch['labels'], vocabSize: number, seed: number): NonNullable<Batch['gumbel']> {
  const [B, T] = labels.shape;
  const rng = new Rng(seed);
  const data = new Float32Array(B * T * vocabSize);
  for (let i = 0; i < B * T; i++) {
    if (labels.data[i] === IGNORE_INDEX) continue;
    for (let v = 0; v < vocabSize; v++) data[i * vocabSize + v] = gumbelSample(rng);
  }
  return { data, shape: [B, T, vocabSize] };
}

export class ReplacedTokenBatches implements BatchSource {
  readonly objective = 'rtd' as const;
  private readonly masked: MaskedLmBatches;
  private readonly vocabSize: number;

  constructor(
    documents: readonly ArrayLike<number>[],
    tokenizer: Tokenizer,
    private readonly options: MaskedLmBatchOptions,
  ) {
    this.masked = new MaskedLmBatches(documents, tokenizer, options);
    this.vocabSize = tokenizer.vocabSize;
  }

  /**
   * The noise is made when read (once per feed), not kept with the batch: it is B·T·V floats,
   * and validation batches are held for the whole run.
   */
  next(): Batch {
    const n = this.masked.state().batchesDrawn;
    const batch = this.masked.next();
    const seed = (Math.imul(this.options.seed ?? 0, 0x9e3779b1) + n) >>> 0;
    const vocabSize = this.vocabSize;
    return {
      ...batch,
      get gumbel() {
        return gumbelNoise(batch.labels, vocabSize, seed);
      },
    };
  }

  state(): BatchSourceState {
    return { ...this.masked.state(), objective: this.objective };
  }

  restore(state: BatchSourceState): void {
    if (state.objective !== this.objective) throw new Error(`cannot restore a ${state.objective} batch position into a ${this.objective} batch source`);
    this.masked.restore({ ...state, objective: this.masked.objective });
  }
}
