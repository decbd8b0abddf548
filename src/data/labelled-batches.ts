/**
 * Labelled examples as classification batches: each text encoded as the model's tokenizer
 * frames a single sequence ([CLS] … [SEP] for BERT), cut to the context, right-padded, with its
 * label id. Training batches walk seeded shuffles of the training rows, one epoch after another;
 * validation batches cover every row exactly once, the last one filled up with ignored rows.
 * Legend: B batch, T tokens.
 */
import type { PipelineTokenizer } from '../tokenizer';
import { CursorBatchSource, IGNORE_INDEX, int32Tensor, type Batch } from './batch';
import type { LabelledExample } from './labelled';
import { Rng } from '../util/rng';

export interface EncodedExamples {
  /** Token ids per example, special tokens included, at most the context long. */
  rows: number[][];
  labelIds: number[];
  /** Examples cut to fit the context. */
  truncated: number;
}

/** The pad id a classifier batch uses; the attention mask keeps the model from reading it. */
export function classificationPadId(tokenizer: PipelineTokenizer): number {
  const ids = tokenizer.specialTokenIds;
  return ids.pad ?? ids.eos ?? 0;
}

export function encodeExamples(examples: readonly LabelledExample[], labels: readonly string[], tokenizer: PipelineTokenizer, context: number): EncodedExamples {
  const labelId = new Map(labels.map((l, i) => [l, i]));
  const framing = tokenizer.addSpecialTokens([]).length;
  let truncated = 0;
  const rows = examples.map((e) => {
    const ids = tokenizer.encode(e.text);
    if (ids.length + framing > context) truncated++;
    return tokenizer.addSpecialTokens(ids.slice(0, Math.max(0, context - framing)));
  });
  return { rows, labelIds: examples.map((e) => labelId.get(e.label)!), truncated };
}

export interface ClassificationBatchOptions {
  batchSize: number;
  context: number;
  padId: number;
  seed: number;
}

/** (B, T) ids and mask and (B, 1) labels of the chosen rows; a row index of -1 is an ignored filler. */
function batchOf(data: EncodedExamples, chosen: readonly number[], o: Pick<ClassificationBatchOptions, 'context' | 'padId'>): Batch {
  const B = chosen.length;
  const inputIds = int32Tensor(B, o.context, o.padId);
  const attentionMask = int32Tensor(B, o.context);
  const labels = int32Tensor(B, 1, IGNORE_INDEX);
  chosen.forEach((index, b) => {
    const row = data.rows[Math.max(index, 0)]; // a filler repeats row 0 so that no row is all padding
    inputIds.data.set(row, b * o.context);
    attentionMask.data.fill(1, b * o.context, b * o.context + row.length);
    if (index >= 0) labels.data[b] = data.labelIds[index];
  });
  return { inputIds, attentionMask, labels };
}

/**
 * Epoch e visits the rows in a shuffle seeded by (seed, e); where a batch starts is a function
 * of the batches drawn alone, so a checkpoint's position restores the stream exactly.
 */
export class ClassificationBatches extends CursorBatchSource {
  private order: { epoch: number; rows: number[] } | undefined;

  constructor(
    private readonly data: EncodedExamples,
    private readonly options: ClassificationBatchOptions,
  ) {
    super('classify', options.seed);
    if (data.rows.length === 0) throw new Error('no training examples');
  }

  next(): Batch {
    const N = this.data.rows.length;
    const first = this.cursor.batchesDrawn * this.options.batchSize;
    const chosen = Array.from({ length: this.options.batchSize }, (_, b) => this.rowAt(first + b, N));
    this.cursor.advance();
    return batchOf(this.data, chosen, this.options);
  }

  private rowAt(k: number, N: number): number {
    const epoch = Math.floor(k / N);
    if (this.order?.epoch !== epoch) {
      const rng = new Rng((this.options.seed + Math.imul(epoch + 1, 0x9e3779b1)) >>> 0);
      this.order = { epoch, rows: rng.shuffle([...Array(N).keys()]) };
    }
    return this.order.rows[k % N];
  }
}

/** Every row once, in order, in batches of `batchSize` (the last filled with ignored rows). */
export function coveringBatches(data: EncodedExamples, options: Pick<ClassificationBatchOptions, 'batchSize' | 'context' | 'padId'>): Batch[] {
  const batches: Batch[] = [];
  for (let start = 0; start < data.rows.length; start += options.batchSize) {
    const chosen = Array.from({ length: options.batchSize }, (_, b) => (start + b < data.rows.length ? start + b : -1));
    batches.push(batchOf(data, chosen, options));
  }
  return batches;
}
