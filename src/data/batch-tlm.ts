/**
 * Translation-LM batches (`--objective tlm`, XLM's TLM on code ↔ text pairs) and Unicoder's
 * pair-match task beside it (`tlm+match`). A batch's first rows are pairs (batch-tlm-row.ts:
 * `[CLS] code [SEP] text [SEP]`, positions restarting on the text side), masked 80/10/10 over
 * both sides at once, so a masked identifier can be recovered from the comment and a masked
 * comment word from the code; the other rows are plain masked-LM windows of the corpus
 * (MaskedLmBatches), XLM's alternation of MLM on monolingual text with TLM on parallel text,
 * here within each batch: half the rows each (TLM_PAIR_SHARE), because a workspace's pairs hold
 * far fewer tokens than its files and XLM gives the two streams equal turns. With match, about
 * half the pair rows get another row's text (label 0, else 1): negatives from the batch (a
 * drawn text equal to the row's own stays a positive, so a split of one text has none).
 * The plain rows draw from this source's one random stream, so its cursor alone is the whole
 * batch position that a checkpoint saves.
 * Shapes: B batch size, T sequence length.
 */
import type { Tokenizer } from '../tokenizer/types';
import { InputError } from '../util/errors';
import { Rng } from '../util/rng';
import { CursorBatchSource, blankMaskedLmTensors, IGNORE_INDEX, int32Tensor, type Batch, type Int32Tensor } from './batch';
import { MaskedLmBatches } from './batch-masked';
import { CODE_SIDE, pairRow, specialsPerRow, TEXT_SIDE, type PairTemplate } from './batch-tlm-row';
import { chooseOneUnit, choosePositions, corruptChosen, DEFAULT_MASKING_RULES, type Corruption, type MaskingRules, type MaskingStrategy } from './masking';
import { nonSpecialIds, specialTokenIdsOf } from './special-ids';
import { sameTokens, type TokenizedPair } from './tokenized-pairs';

/** Share of each batch's rows made of pairs; the rest are plain masked-LM rows. */
export const TLM_PAIR_SHARE = 0.5;

/** Share of pair rows that get another row's text when the match task is on. */
export const MATCH_NEGATIVE_SHARE = 0.5;

/** Each side keeps at least one token. */
const MIN_SIDE_TOKENS = 1;

export interface TranslationLmBatchOptions {
  batchSize: number;
  /** T: tokens per row, special tokens included. */
  contextLength: number;
  seed?: number;
  /** Pairs of this split, tokenized; at least one. */
  pairs: readonly TokenizedPair[];
  /** Adds match labels and negatives (`tlm+match`). */
  match?: boolean;
  /** Units masked (--masking); single tokens when absent. */
  masking?: MaskingStrategy;
}

export class TranslationLmBatches extends CursorBatchSource {
  private readonly template: PairTemplate;
  private readonly rules: MaskingRules;
  private readonly corruption: Corruption;
  private readonly padId: number;
  /** Rows of each batch made of pairs: rows 0 … pairRows − 1. */
  private readonly pairRows: number;
  private readonly plain?: MaskedLmBatches;

  constructor(
    documents: readonly ArrayLike<number>[],
    private readonly tokenizer: Tokenizer,
    private readonly options: TranslationLmBatchOptions,
  ) {
    super(options.match ? 'tlm+match' : 'tlm', options.seed ?? 0);
    const what = options.match ? 'the translation LM with pair matching' : 'the translation LM';
    const ids = specialTokenIdsOf(tokenizer);
    const clsId = ids.cls ?? ids.bos;
    const sepId = ids.sep ?? ids.eos;
    if (clsId === undefined || sepId === undefined || ids.mask === undefined) {
      throw new InputError(`${what} needs a tokenizer with a start, a separator and a mask token; this one has ${Object.keys(ids).join(', ') || 'none'}`);
    }
    // A separator that is also the end-of-text token closes one text of two (RoBERTa's and XLM's
    // `<s> A </s></s> B </s>`); a separator of its own joins them once (BERT's `[CLS] A [SEP] B [SEP]`).
    this.template = { clsId, sepId, separators: sepId === ids.eos ? 2 : 1 };
    const shortest = specialsPerRow(this.template) + 2 * MIN_SIDE_TOKENS;
    if (options.contextLength < shortest) {
      throw new InputError(`--context ${options.contextLength} is too short for ${what}: a row holds a code side and a text side with ${specialsPerRow(this.template)} special tokens, so use --context ${shortest} or more`);
    }
    if (options.pairs.length === 0) throw new InputError(`${what} needs (code, text) pairs and this split has none`);
    this.rules = { ...DEFAULT_MASKING_RULES, strategy: options.masking ?? DEFAULT_MASKING_RULES.strategy };
    this.corruption = { maskId: ids.mask, replacementIds: nonSpecialIds(tokenizer) };
    this.padId = ids.pad ?? 0;
    const B = options.batchSize;
    this.pairRows = Math.min(B, Math.max(1, Math.round(B * TLM_PAIR_SHARE)));
    if (this.pairRows < B) {
      this.plain = new MaskedLmBatches(documents, tokenizer, { batchSize: B - this.pairRows, contextLength: options.contextLength, strategy: this.rules.strategy });
    }
  }

  next(): Batch {
    const { batchSize: B, contextLength: T } = this.options;
    const { inputIds, labels, attentionMask } = blankMaskedLmTensors(B, T, this.padId); // each (B, T)
    const tokenTypeIds = int32Tensor(B, T, CODE_SIDE); // (B, T) side: CODE_SIDE, TEXT_SIDE
    const positionIds = int32Tensor(B, T); // (B, T)
    const matchLabels = int32Tensor(B, 1, IGNORE_INDEX); // (B, 1)
    const rng = this.cursor.rng;
    const drawn = Array.from({ length: this.pairRows }, () => this.options.pairs[rng.int(this.options.pairs.length)]);
    for (let b = 0; b < this.pairRows; b++) {
      const pair = drawn[b];
      const negative = this.options.match && rng.next() < MATCH_NEGATIVE_SHARE ? this.otherText(drawn, b) : undefined;
      const row = pairRow(pair.code, negative ?? pair.text, T, this.template);
      inputIds.data.set(row.ids, b * T);
      tokenTypeIds.data.set(row.sides, b * T);
      positionIds.data.set(row.positions, b * T);
      attentionMask.data.fill(1, b * T, b * T + row.ids.length);
      matchLabels.data[b] = negative ? 0 : 1;
      this.mask(inputIds.data.subarray(b * T, b * T + row.ids.length), labels.data.subarray(b * T, b * T + row.ids.length));
    }
    // XLM's language of each token is its side; a plain row is read as unsplit text is at inference, in the text language.
    const langs = { data: tokenTypeIds.data.slice(), shape: tokenTypeIds.shape }; // (B, T)
    if (this.plain) {
      this.addPlainRows({ inputIds, labels, attentionMask, positionIds });
      langs.data.fill(TEXT_SIDE, this.pairRows * T);
    }
    this.cursor.advance();
    return { inputIds, labels, attentionMask, tokenTypeIds, positionIds, langs, ...(this.options.match ? { matchLabels } : {}) };
  }

  /** BERT's masking over both sides of a pair row; a row that draws no target keeps one, so no pair goes unused. */
  private mask(row: Int32Array, labels: Int32Array): void {
    const rng = this.cursor.rng;
    let chosen = choosePositions(row, this.tokenizer, this.rules, rng);
    if (!chosen.includes(1)) chosen = chooseOneUnit(row, this.tokenizer, this.rules, rng) ?? chosen;
    corruptChosen(row, labels, chosen, this.corruption, rng);
  }

  /**
   * A text for row `b` that is not its own: another drawn row's (Unicoder's negatives from the
   * batch), or another pair's when the batch has one pair row; undefined when the one drawn is
   * the same text (a duplicate docstring), which then stays a positive.
   */
  private otherText(drawn: readonly TokenizedPair[], b: number): Int32Array | undefined {
    const rng = this.cursor.rng;
    const pairs = this.options.pairs;
    const other = drawn.length > 1 ? drawn[(b + 1 + rng.int(drawn.length - 1)) % drawn.length] : pairs[rng.int(pairs.length)];
    return sameTokens(other.text, drawn[b].text) ? undefined : other.text;
  }

  /** Rows pairRows … B − 1: MaskedLmBatches' rows, drawn from this source's random stream, segment 0, positions from 0. */
  private addPlainRows(into: { inputIds: Int32Tensor; labels: Int32Tensor; attentionMask: Int32Tensor; positionIds: Int32Tensor }): void {
    const plain = this.plain!;
    plain.restore({ objective: plain.objective, batchesDrawn: this.cursor.batchesDrawn, rng: this.cursor.rng.state() });
    const rows = plain.next();
    this.cursor.rng = new Rng(plain.state().rng);
    const T = this.options.contextLength;
    const offset = this.pairRows * T;
    into.inputIds.data.set(rows.inputIds.data, offset);
    into.labels.data.set(rows.labels.data, offset);
    into.attentionMask.data.set(rows.attentionMask!.data, offset);
    for (let b = this.pairRows; b < this.options.batchSize; b++) for (let t = 0; t < T; t++) into.positionIds.data[b * T + t] = t;
  }
}
