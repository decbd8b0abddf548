/**
 * Causal LM batches, nanoGPT style: documents packed with a separator between them, and each
 * row a random window of T+1 tokens whose first T are the inputs and last T the targets.
 * Shapes: B batch size, T context length.
 */
import type { Tokenizer } from '../tokenizer/types';
import { CursorBatchSource, int32Tensor, type Batch } from './batch';
import { specialTokenIdsOf } from './special-ids';
import { assertStreamHolds, packDocuments, randomWindowStart } from './token-stream';

export interface CausalLmBatchOptions {
  batchSize: number;
  contextLength: number;
  seed?: number;
  /** Id placed between documents; defaults to the tokenizer's eos, else sep, else bos. */
  separatorId?: number;
}

export class CausalLmBatches extends CursorBatchSource {
  private readonly stream: Uint32Array;

  constructor(
    documents: readonly ArrayLike<number>[],
    tokenizer: Tokenizer,
    private readonly options: CausalLmBatchOptions,
  ) {
    super('clm', options.seed ?? 0);
    const ids = specialTokenIdsOf(tokenizer);
    const separatorId = options.separatorId ?? ids.eos ?? ids.sep ?? ids.bos;
    if (separatorId === undefined && documents.filter((d) => d.length > 0).length > 1) {
      throw new Error('causal LM over several documents needs a separator: the tokenizer has no eos, sep or bos token');
    }
    this.stream = packDocuments(documents, separatorId);
    assertStreamHolds(this.stream.length, options.contextLength + 1, 'causal LM');
  }

  next(): Batch {
    const { batchSize: B, contextLength: T } = this.options;
    const inputIds = int32Tensor(B, T); // (B, T)
    const labels = int32Tensor(B, T); // (B, T)
    for (let b = 0; b < B; b++) {
      const start = randomWindowStart(this.cursor.rng, this.stream.length, T + 1);
      inputIds.data.set(this.stream.subarray(start, start + T), b * T);
      labels.data.set(this.stream.subarray(start + 1, start + T + 1), b * T);
    }
    this.cursor.advance();
    return { inputIds, labels };
  }
}
