/**
 * ALBERT's pretraining batches (`--objective mlm+sop`): each row is `[CLS] A [SEP] B [SEP]`
 * where A and B are two consecutive segments of one file's text, cut at a random point of a
 * random window; half the time they are swapped (sentence-order label 1, else 0). Segment ids
 * are 0 over `[CLS] A [SEP]` and 1 over `B [SEP]`. The masked-LM targets are chosen by ALBERT's
 * n-gram masking (ngram-masking.ts) and corrupted 80/10/10 as BERT's.
 * Shapes: B batch size, T sequence length (including [CLS] and both [SEP]s).
 */
import type { Tokenizer } from '../tokenizer/types';
import { InputError } from '../util/errors';
import { CursorBatchSource, blankMaskedLmTensors, int32Tensor, type Batch } from './batch';
import { corruptChosen, type Corruption } from './masking';
import { chooseNgrams } from './ngram-masking';
import { nonSpecialIds, requireSpecialId, specialTokenIdsOf } from './special-ids';

/** A sentence-order pair needs one token in each segment. */
const MIN_PAIR_TOKENS = 2;

export interface SentenceOrderBatchOptions {
  batchSize: number;
  /** T: tokens per row, [CLS] and both [SEP]s included. */
  contextLength: number;
  seed?: number;
  /** Share of non-special tokens masked (0.15). */
  maskProbability?: number;
}

export class SentenceOrderBatches extends CursorBatchSource {
  private readonly corruption: Corruption;
  private readonly clsId: number;
  private readonly sepId: number;
  private readonly padId: number;
  /** The documents long enough to cut a pair from, and their cumulative lengths for length-weighted draws. */
  private readonly documents: ArrayLike<number>[];
  private readonly cumulative: number[] = [];

  constructor(
    documents: readonly ArrayLike<number>[],
    private readonly tokenizer: Tokenizer,
    private readonly options: SentenceOrderBatchOptions,
  ) {
    super('mlm+sop', options.seed ?? 0);
    const ids = specialTokenIdsOf(tokenizer);
    const purpose = 'sentence-order prediction';
    this.corruption = { maskId: requireSpecialId(ids, 'mask', purpose), replacementIds: nonSpecialIds(tokenizer) };
    this.clsId = requireSpecialId(ids, 'cls', purpose);
    this.sepId = requireSpecialId(ids, 'sep', purpose);
    this.padId = ids.pad ?? 0;
    if (options.contextLength < MIN_PAIR_TOKENS + 3) {
      throw new InputError(`--context ${options.contextLength} is too short for sentence-order prediction: a row holds [CLS] A [SEP] B [SEP], so use --context ${MIN_PAIR_TOKENS + 3} or more`);
    }
    this.documents = documents.filter((d) => d.length >= MIN_PAIR_TOKENS);
    if (this.documents.length === 0) {
      throw new InputError(`sentence-order prediction cuts two segments from one file's text, and no file of the corpus has ${MIN_PAIR_TOKENS} tokens or more: use a corpus with longer texts, or --objective mlm`);
    }
    let total = 0;
    for (const d of this.documents) this.cumulative.push((total += d.length));
  }

  next(): Batch {
    const { batchSize: B, contextLength: T } = this.options;
    const { inputIds, labels, attentionMask } = blankMaskedLmTensors(B, T, this.padId); // each (B, T)
    const tokenTypeIds = int32Tensor(B, T); // (B, T)
    const sentenceOrderLabels = int32Tensor(B, 1); // (B, 1)
    const rng = this.cursor.rng;
    for (let b = 0; b < B; b++) {
      const doc = this.drawDocument();
      const length = Math.min(T - 3, doc.length);
      const start = rng.int(doc.length - length + 1);
      const cut = start + 1 + rng.int(length - 1); // both segments non-empty
      const first = Array.from({ length: cut - start }, (_, i) => doc[start + i]);
      const second = Array.from({ length: start + length - cut }, (_, i) => doc[cut + i]);
      const swapped = rng.next() < 0.5;
      const [a, c] = swapped ? [second, first] : [first, second];
      const row = [this.clsId, ...a, this.sepId, ...c, this.sepId];
      inputIds.data.set(row, b * T);
      attentionMask.data.fill(1, b * T, b * T + row.length);
      tokenTypeIds.data.fill(1, b * T + a.length + 2, b * T + row.length);
      sentenceOrderLabels.data[b] = swapped ? 1 : 0;
      const filled = inputIds.data.subarray(b * T, b * T + row.length);
      const chosen = chooseNgrams(filled, this.tokenizer, this.options.maskProbability ?? 0.15, rng);
      // A short row can draw a budget of 0; every row keeps at least one target so that no batch is without an MLM loss.
      if (!chosen.includes(1)) chosen[1 + rng.int(a.length)] = 1;
      corruptChosen(filled, labels.data.subarray(b * T, b * T + row.length), chosen, this.corruption, rng);
    }
    this.cursor.advance();
    return { inputIds, labels, attentionMask, tokenTypeIds, sentenceOrderLabels };
  }

  /** A document drawn with probability proportional to its length (every token equally likely to start a row). */
  private drawDocument(): ArrayLike<number> {
    const target = this.cursor.rng.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.documents[lo];
  }
}
