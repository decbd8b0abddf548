/**
 * Batches of (code, text) pairs for the contrastive objective: B pairs drawn without
 * replacement (a fresh shuffle each pass over the pairs), each side cut to T tokens with the
 * tokenizer's special tokens around it, as (2B, T) rows: the B code rows, then their B texts in
 * the same order (row i's positive is row B + i). Pairs with the same text as one already in the
 * batch are skipped for that batch: two equal texts would be each other's false negatives. Each
 * row's `labels` entry is its pair's index, so the queue can tell a pair's own earlier embeddings.
 * Legend: B pairs, T tokens per side.
 */
import { CursorBatchSource, int32Tensor, type Batch, type BatchSourceState } from '../../data/batch';
import { Rng } from '../../util/rng';
import { sameTokens, type TokenizedPair } from '../../data/tokenized-pairs';
import type { Tokenizer } from '../../tokenizer/types';
import { specialTokenIdsOf } from '../../data/special-ids';
import { InputError } from '../../util/errors';

export interface ContrastiveBatchOptions {
  batchSize: number;
  /** T: tokens per side, special tokens included. */
  contextLength: number;
  seed: number;
}

export class ContrastivePairBatches extends CursorBatchSource {
  private order: number[] = [];
  private at = 0;
  private readonly cls?: number;
  private readonly sep?: number;
  private readonly pad: number;

  constructor(
    private readonly pairs: readonly TokenizedPair[],
    tokenizer: Tokenizer,
    private readonly options: ContrastiveBatchOptions,
  ) {
    super('contrastive', options.seed);
    if (pairs.length < 2) throw new InputError(`contrastive training needs at least 2 (code, text) pairs, found ${pairs.length}; train on a folder with documented functions (doc comments, docstrings)`);
    const ids = specialTokenIdsOf(tokenizer);
    // BERT's [CLS] … [SEP], RoBERTa's <s> … </s>: whatever frames a single text for this tokenizer.
    this.cls = ids.cls ?? ids.bos;
    this.sep = ids.sep ?? ids.eos;
    this.pad = ids.pad ?? 0;
  }

  next(): Batch {
    const { batchSize: B, contextLength: T } = this.options;
    const inputIds = int32Tensor(2 * B, T, this.pad);
    const attentionMask = int32Tensor(2 * B, T);
    const chosen: number[] = [];
    for (let tries = 0; chosen.length < B && tries < 4 * B + this.pairs.length; tries++) {
      const index = this.draw();
      if (!chosen.some((c) => sameTokens(this.pairs[c].text, this.pairs[index].text))) chosen.push(index);
    }
    // Fewer distinct texts than B: repeat the ones found (a repeated pair is its own positive twice).
    for (let i = 0; chosen.length < B; i++) chosen.push(chosen[i]);
    // `labels`: each row's pair id, with which the graph keeps a pair's queued embeddings out of its own negatives.
    const labels = int32Tensor(2 * B, 1);
    chosen.forEach((index, b) => {
      this.writeRow(inputIds.data, attentionMask.data, b, this.pairs[index].code);
      this.writeRow(inputIds.data, attentionMask.data, B + b, this.pairs[index].text);
      labels.data[b] = labels.data[B + b] = index;
    });
    this.cursor.advance();
    return { inputIds, attentionMask, labels };
  }

  /**
   * The position of a checkpoint: the shuffled pass is not in the cursor's state, so the draws
   * are replayed from the start (cheap: no model runs), which also lands on the cursor's RNG.
   */
  override restore(state: BatchSourceState): void {
    super.restore({ ...state, batchesDrawn: 0, rng: new Rng(this.options.seed).state() });
    this.order = [];
    this.at = 0;
    while (this.cursor.batchesDrawn < state.batchesDrawn) this.next();
  }

  private writeRow(ids: Int32Array, mask: Int32Array, row: number, tokens: Int32Array): void {
    const T = this.options.contextLength;
    const framed = [...(this.cls !== undefined ? [this.cls] : []), ...tokens.subarray(0, T - (this.cls !== undefined ? 1 : 0) - (this.sep !== undefined ? 1 : 0)), ...(this.sep !== undefined ? [this.sep] : [])];
    ids.set(framed, row * T);
    mask.fill(1, row * T, row * T + framed.length);
  }

  /** The next pair index of the current pass, reshuffling (Fisher–Yates) at each pass's start. */
  private draw(): number {
    if (this.at >= this.order.length) {
      this.order = [...this.pairs.keys()];
      for (let i = this.order.length - 1; i > 0; i--) {
        const j = this.cursor.rng.int(i + 1);
        [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
      }
      this.at = 0;
    }
    return this.order[this.at++];
  }
}
