/**
 * Masked LM batches with dynamic masking (RoBERTa): every call draws fresh windows and fresh
 * masks, so the same text is masked differently each time it is seen. Rows are random windows
 * of the packed documents, wrapped `[CLS] … [SEP]` when the tokenizer has those tokens, and
 * padded only when the whole data is shorter than one row.
 * Shapes: B batch size, T sequence length (including [CLS] and [SEP]).
 */
import type { Tokenizer } from '../tokenizer/types';
import { CursorBatchSource, blankMaskedLmTensors, IGNORE_INDEX, type Batch } from './batch';
import { InputError } from '../util/errors';
import { chooseOneUnit, choosePositions, corruptChosen, DEFAULT_MASKING_RULES, type Corruption, type MaskingRules } from './masking';
import { nonSpecialIds, requireSpecialId, specialTokenIdsOf } from './special-ids';
import { assertStreamHolds, packDocuments, randomWindowStart } from './token-stream';

export interface MaskedLmBatchOptions extends Partial<MaskingRules> {
  batchSize: number;
  /** T: tokens per row, [CLS] and [SEP] included. */
  contextLength: number;
  seed?: number;
}

export class MaskedLmBatches extends CursorBatchSource {
  private readonly stream: Uint32Array;
  private readonly rules: MaskingRules;
  private readonly corruption: Corruption;
  private readonly clsId: number | undefined;
  private readonly sepId: number | undefined;
  private readonly padId: number;
  /** Text tokens per row: T less the [CLS] and [SEP] around them. */
  private readonly windowLength: number;

  constructor(
    documents: readonly ArrayLike<number>[],
    private readonly tokenizer: Tokenizer,
    private readonly options: MaskedLmBatchOptions,
  ) {
    super('mlm', options.seed ?? 0);
    this.rules = {
      strategy: options.strategy ?? DEFAULT_MASKING_RULES.strategy,
      maskProbability: options.maskProbability ?? DEFAULT_MASKING_RULES.maskProbability,
      spanGeometricP: options.spanGeometricP ?? DEFAULT_MASKING_RULES.spanGeometricP,
      maxSpanWords: options.maxSpanWords ?? DEFAULT_MASKING_RULES.maxSpanWords,
    };
    const ids = specialTokenIdsOf(tokenizer);
    this.corruption = { maskId: requireSpecialId(ids, 'mask', 'masked LM'), replacementIds: nonSpecialIds(tokenizer) };
    const { cls, sep } = ids;
    const wrap = cls !== undefined && sep !== undefined;
    this.clsId = wrap ? cls : undefined;
    this.sepId = wrap ? sep : undefined;
    this.windowLength = options.contextLength - (wrap ? 2 : 0);
    this.stream = packDocuments(documents, sep ?? ids.eos);
    assertStreamHolds(this.stream.length, 1, 'masked LM');
    const padId = ids.pad;
    if (padId === undefined && this.stream.length < this.windowLength) {
      throw new Error('masked LM: the data is shorter than one row and the tokenizer has no pad token to fill it');
    }
    this.padId = padId ?? 0;
  }

  next(): Batch {
    const { batchSize: B, contextLength: T } = this.options;
    const { inputIds, labels, attentionMask } = blankMaskedLmTensors(B, T, this.padId); // each (B, T)
    const length = Math.min(this.windowLength, this.stream.length);
    for (let b = 0; b < B; b++) {
      const start = randomWindowStart(this.cursor.rng, this.stream.length, length);
      const row = inputIds.data.subarray(b * T, (b + 1) * T);
      let used = 0;
      if (this.clsId !== undefined) row[used++] = this.clsId;
      row.set(this.stream.subarray(start, start + length), used);
      used += length;
      if (this.sepId !== undefined) row[used++] = this.sepId;

      const filled = row.subarray(0, used);
      const chosen = choosePositions(filled, this.tokenizer, this.rules, this.cursor.rng);
      corruptChosen(filled, labels.data.subarray(b * T, b * T + used), chosen, this.corruption, this.cursor.rng);
      attentionMask.data.fill(1, b * T, b * T + used);
    }
    // Short rows can all draw a budget of 0 masked tokens; a batch with no target has no loss
    // (0/0 = NaN), so one unit of one row is masked then.
    if (!labels.data.some((id) => id !== IGNORE_INDEX)) this.maskOneUnit(inputIds.data, labels.data, attentionMask.data);
    this.cursor.advance();
    return { inputIds, labels, attentionMask };
  }

  private maskOneUnit(inputs: Int32Array, labels: Int32Array, attention: Int32Array): void {
    const { batchSize: B, contextLength: T } = this.options;
    const first = this.cursor.rng.int(B);
    for (let k = 0; k < B; k++) {
      const b = (first + k) % B;
      const used = attention.subarray(b * T, (b + 1) * T).reduce((n, a) => n + a, 0);
      const row = inputs.subarray(b * T, b * T + used);
      const chosen = chooseOneUnit(row, this.tokenizer, this.rules, this.cursor.rng);
      if (!chosen) continue;
      corruptChosen(row, labels.subarray(b * T, b * T + used), chosen, this.corruption, this.cursor.rng);
      return;
    }
    throw new InputError('masked LM: no row of the batch holds a token that can be masked (only special tokens); use a corpus with more text');
  }
}

