/**
 * What every objective's batcher produces and how a training loop drives it.
 * Letters in shape comments: B batch size, T sequence length (encoder side for T5),
 * Tdec decoder length. Label positions that carry no loss hold IGNORE_INDEX, as in PyTorch/HF.
 */
import { Rng, type RngState } from '../util/rng';

export const IGNORE_INDEX = -100;

export interface Int32Tensor {
  readonly data: Int32Array;
  readonly shape: readonly [number, number];
}

export interface Batch {
  /** (B, T) token ids fed to the model (the encoder, for T5). */
  inputIds: Int32Tensor;
  /** (B, T) or (B, Tdec) target ids; IGNORE_INDEX where no loss is taken. */
  labels: Int32Tensor;
  /** (B, T) 1 for real tokens, 0 for padding; absent when a batch never pads (causal LM). */
  attentionMask?: Int32Tensor;
  /** (B, Tdec) the labels shifted right behind the decoder start token (encoder-decoder only). */
  decoderInputIds?: Int32Tensor;
  /** (B, T) segment ids, 0 for [CLS] A [SEP] and 1 for B [SEP] (ALBERT's sentence-order pairs). */
  tokenTypeIds?: Int32Tensor;
  /** (B, 1) sentence order of each row's segment pair: 0 = in text order, 1 = swapped (ALBERT's SOP). */
  sentenceOrderLabels?: Int32Tensor;
  /** (B, T) position ids restarting at each side of a translation-LM row (0 at the side's first token). */
  positionIds?: Int32Tensor;
  /** (B, T) side of each token of a translation-LM row: 0 = code, 1 = text (XLM's `langs`). */
  langs?: Int32Tensor;
  /** (B, 1) Unicoder's pair match: 1 = the text belongs to the row's code, 0 = another row's text; IGNORE_INDEX on rows with no pair. */
  matchLabels?: Int32Tensor;
  /** (B, T, 4) LayoutLM's token boxes (x0, y0, x1, y1) in 0…1000 (src/data/token-boxes.ts). */
  bbox?: { readonly data: Int32Array; readonly shape: readonly [number, number, number] };
  /** (B, T, V) Gumbel noise for sampling replacements (ELECTRA's replaced-token detection); float32. */
  gumbel?: { readonly data: Float32Array; readonly shape: readonly [number, number, number] };
}

export type Objective = 'clm' | 'mlm' | 'span-corruption' | 'classify' | 'rtd' | 'mlm+sop' | 'tlm' | 'tlm+match' | 'contrastive';

/** JSON-serialisable; saved in checkpoints so that a resumed run draws the same batches. */
export interface BatchSourceState {
  objective: Objective;
  /** Batches drawn so far: the data position. */
  batchesDrawn: number;
  rng: RngState;
}

export interface BatchSource {
  readonly objective: Objective;
  next(): Batch;
  state(): BatchSourceState;
  restore(state: BatchSourceState): void;
}

export function int32Tensor(rows: number, columns: number, fill = 0): Int32Tensor {
  const data = new Int32Array(rows * columns);
  if (fill !== 0) data.fill(fill);
  return { data, shape: [rows, columns] };
}

/** A masked LM's (B, T) tensors before any row is written: inputs all pad, labels all ignored, attention all 0. */
export function blankMaskedLmTensors(rows: number, columns: number, padId: number): { inputIds: Int32Tensor; labels: Int32Tensor; attentionMask: Int32Tensor } {
  return {
    inputIds: int32Tensor(rows, columns, padId),
    labels: int32Tensor(rows, columns, IGNORE_INDEX),
    attentionMask: int32Tensor(rows, columns),
  };
}

/** The random stream and position every batch source carries, with checkpoint save/restore. */
export class BatchCursor {
  rng: Rng;
  batchesDrawn = 0;

  constructor(
    private readonly objective: Objective,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  /** Call once per batch, after drawing it. */
  advance(): void {
    this.batchesDrawn++;
  }

  state(): BatchSourceState {
    return { objective: this.objective, batchesDrawn: this.batchesDrawn, rng: this.rng.state() };
  }

  restore(state: BatchSourceState): void {
    if (state.objective !== this.objective) {
      throw new Error(`cannot restore a ${state.objective} batch position into a ${this.objective} batch source`);
    }
    this.rng = new Rng(state.rng);
    this.batchesDrawn = state.batchesDrawn;
  }
}

/**
 * A batch source that draws through a BatchCursor: its position is the cursor's, so saving and
 * restoring it is the cursor's too. Sources that wrap another source (ELECTRA's) delegate instead.
 */
export abstract class CursorBatchSource implements BatchSource {
  protected readonly cursor: BatchCursor;

  protected constructor(
    readonly objective: Objective,
    seed: number,
  ) {
    this.cursor = new BatchCursor(objective, seed);
  }

  abstract next(): Batch;

  state(): BatchSourceState {
    return this.cursor.state();
  }

  restore(state: BatchSourceState): void {
    this.cursor.restore(state);
  }
}

/** Seed of the evaluation batches, so that every evaluation of a run scores the same data. */
export const VALIDATION_SEED = 0x5eed;

/**
 * A fixed set of validation batches: a fresh source built with a fixed seed, drawn `count` times.
 * `create` builds the objective's source over the validation split with the given seed.
 */
export function drawValidationBatches(create: (seed: number) => BatchSource, count: number, seed = VALIDATION_SEED): Batch[] {
  const source = create(seed);
  return Array.from({ length: count }, () => source.next());
}
