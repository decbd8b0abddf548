/**
 * Training batches with LayoutLM's token boxes: wraps a batch source and adds `bbox` (B, T, 4),
 * computed by token-boxes.ts (the function inference uses too) from each row's tokens as the text
 * has them — a masked or replaced token keeps the box of the token it hides, whose id its label
 * holds. The wrapped source keeps its data position, so checkpoints and resume are its own.
 * Shapes: B batch size, T sequence length.
 */
import type { Tokenizer } from '../tokenizer/types';
import { type Batch, type BatchSource, type BatchSourceState, IGNORE_INDEX } from './batch';
import { tokenBoxes } from './token-boxes';
import { InputError } from '../util/errors';

export class TokenBoxBatches implements BatchSource {
  constructor(
    private readonly inner: BatchSource,
    private readonly tokenizer: Pick<Tokenizer, 'idToToken' | 'kind'>,
  ) {
    // WordPiece drops whitespace and newlines: its tokens no longer say where they were.
    if (tokenizer.kind === 'wordpiece') {
      throw new InputError('token boxes need a tokenizer whose tokens spell the text, newlines included: use --tokenizer bpe (the default) or char, not wordpiece');
    }
  }

  get objective(): BatchSource['objective'] {
    return this.inner.objective;
  }

  next(): Batch {
    return withTokenBoxes(this.inner.next(), this.tokenizer);
  }

  state(): BatchSourceState {
    return this.inner.state();
  }

  restore(state: BatchSourceState): void {
    this.inner.restore(state);
  }
}

/** `batch` with its `bbox` set from its rows' tokens (held batches, such as validation sets, go through here too). */
export function withTokenBoxes(batch: Batch, tokenizer: Pick<Tokenizer, 'idToToken'>): Batch {
  const [B, T] = batch.inputIds.shape;
  // Per-token labels (masked LM) hold the original ids where the input was changed; per-row ones (classification) do not.
  const labels = batch.labels.shape[1] === T ? batch.labels.data : undefined;
  const bbox = new Int32Array(B * T * 4); // (B, T, 4)
  for (let b = 0; b < B; b++) {
    const tokens: string[] = new Array(T);
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      const original = labels && labels[i] !== IGNORE_INDEX ? labels[i] : batch.inputIds.data[i];
      tokens[t] = tokenizer.idToToken(original) ?? '';
    }
    bbox.set(tokenBoxes(tokens), b * T * 4);
  }
  // Set on the batch itself: a source may compute other fields when they are read (ELECTRA's noise).
  batch.bbox = { data: bbox, shape: [B, T, 4] };
  return batch;
}
