import { Vocab } from './vocab';

/** The `model` stage of an HF tokenizer: turns one pre-token into ids. */
export interface SubwordModel {
  readonly vocab: Vocab;
  /** Appends the ids of `word` (already normalised and pre-tokenised) to `out`. */
  encodeWord(word: string, out: number[]): void;
  /** The HF tokenizer.json `model` entry. */
  toJSON(): object;
}
