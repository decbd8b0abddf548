/**
 * T5 span-corruption batches for an encoder-decoder. As in T5's pre-processing, documents are
 * concatenated without separators and cut into raw windows sized so that the corrupted input
 * fills the encoder exactly. Special tokens are dropped from the stream first: they must never
 * be inside a corrupted span, nor be mistaken for the sentinels that mark one.
 * Shapes: B batch size, T encoder length, Tdec decoder length.
 */
import type { Tokenizer } from '../tokenizer/types';
import { CursorBatchSource, IGNORE_INDEX, int32Tensor, type Batch } from './batch';
import { requireSpecialId, specialTokenIdsOf } from './special-ids';
import {
  corruptSpans,
  DEFAULT_SPAN_CORRUPTION,
  randomSpansNoiseMask,
  rawLengthForEncoder,
  spanCounts,
  type SpanCorruptionRules,
} from './span-corruption';
import { assertStreamHolds, packDocuments, randomWindowStart } from './token-stream';

export interface SpanCorruptionBatchOptions extends Partial<SpanCorruptionRules> {
  batchSize: number;
  /** T: encoder tokens per row. */
  encoderLength: number;
  /** Tdec: decoder tokens per row; defaults to exactly what the corruption produces. */
  decoderLength?: number;
  seed?: number;
}

export class SpanCorruptionBatches extends CursorBatchSource {
  private readonly stream: Uint32Array;
  private readonly rules: SpanCorruptionRules;
  private readonly sentinels: number[];
  private readonly eosId: number;
  private readonly padId: number;
  /** Raw tokens corrupted per row. */
  private readonly rawLength: number;
  readonly decoderLength: number;

  constructor(
    documents: readonly ArrayLike<number>[],
    tokenizer: Tokenizer,
    private readonly options: SpanCorruptionBatchOptions,
  ) {
    super('span-corruption', options.seed ?? 0);
    this.rules = {
      noiseDensity: options.noiseDensity ?? DEFAULT_SPAN_CORRUPTION.noiseDensity,
      meanSpanLength: options.meanSpanLength ?? DEFAULT_SPAN_CORRUPTION.meanSpanLength,
    };
    const ids = specialTokenIdsOf(tokenizer);
    this.sentinels = ids.sentinels ?? [];
    this.eosId = requireSpecialId(ids, 'eos', 'span corruption');
    // T5 starts the decoder with the pad id and pads with it.
    this.padId = requireSpecialId(ids, 'pad', 'span corruption');
    this.stream = packDocuments(documents).filter((id) => !tokenizer.isSpecial(id));
    assertStreamHolds(this.stream.length, 2, 'span corruption');
    const fullRow = rawLengthForEncoder(options.encoderLength, this.rules);
    this.rawLength = Math.min(fullRow, this.stream.length);
    const needed = spanCounts(this.rawLength, this.rules);
    if (needed.spans > this.sentinels.length) {
      throw new Error(`span corruption of ${this.rawLength} tokens makes ${needed.spans} spans but the tokenizer has ${this.sentinels.length} sentinels`);
    }
    // The decoder length is that of a full row, whatever the data: data shorter than one row is
    // padded, so the training and validation splits (one maybe short) give batches of one shape.
    this.decoderLength = options.decoderLength ?? spanCounts(fullRow, this.rules).decoderLength;
    if (this.decoderLength < needed.decoderLength) {
      throw new Error(`decoder length ${this.decoderLength} is shorter than the ${needed.decoderLength} tokens the targets need`);
    }
  }

  next(): Batch {
    const { batchSize: B, encoderLength: T } = this.options;
    const Tdec = this.decoderLength;
    const inputIds = int32Tensor(B, T, this.padId); // (B, T)
    const attentionMask = int32Tensor(B, T); // (B, T)
    const labels = int32Tensor(B, Tdec, IGNORE_INDEX); // (B, Tdec)
    const decoderInputIds = int32Tensor(B, Tdec, this.padId); // (B, Tdec)
    for (let b = 0; b < B; b++) {
      const start = randomWindowStart(this.cursor.rng, this.stream.length, this.rawLength);
      const window = this.stream.subarray(start, start + this.rawLength);
      const noise = randomSpansNoiseMask(window.length, this.rules, this.cursor.rng);
      const { encoder, target } = corruptSpans(window, noise, this.sentinels, this.eosId);
      inputIds.data.set(encoder, b * T);
      attentionMask.data.fill(1, b * T, b * T + encoder.length);
      labels.data.set(target, b * Tdec);
      // Shift right: the decoder sees the start token, then the targets before each position.
      decoderInputIds.data.set(target.slice(0, Tdec - 1), b * Tdec + 1);
    }
    this.cursor.advance();
    return { inputIds, labels, attentionMask, decoderInputIds };
  }
}
