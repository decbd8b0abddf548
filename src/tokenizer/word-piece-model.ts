import { SubwordModel } from './subword-model';
import { Vocab } from './vocab';

export const CONTINUATION_PREFIX = '##';

/**
 * The HF `WordPiece` model: greedy longest-match-first from the left, pieces after the first
 * carry the `##` prefix, and a word with any piece missing (or longer than the limit) becomes
 * a single unk token.
 */
export class WordPieceModel implements SubwordModel {
  private readonly unkId: number;
  /** No vocabulary entry is longer than this many code points, so longer candidates are skipped. */
  private readonly longestPiece: number;

  constructor(
    readonly vocab: Vocab,
    readonly unkToken: string,
    readonly prefix = CONTINUATION_PREFIX,
    readonly maxInputCharsPerWord = 100,
  ) {
    const unkId = vocab.id(unkToken);
    if (unkId === undefined) throw new Error(`WordPiece unk_token ${JSON.stringify(unkToken)} is not in the vocabulary`);
    this.unkId = unkId;
    let longest = 1;
    for (const token of vocab.tokens()) longest = Math.max(longest, [...token].length);
    this.longestPiece = longest;
  }

  encodeWord(word: string, out: number[]): void {
    const chars = Array.from(word);
    if (chars.length > this.maxInputCharsPerWord) {
      out.push(this.unkId);
      return;
    }
    const pieces: number[] = [];
    for (let start = 0; start < chars.length; ) {
      let found = -1;
      let end = Math.min(chars.length, start + this.longestPiece);
      for (; end > start; end--) {
        const piece = chars.slice(start, end).join('');
        const id = this.vocab.id(start > 0 ? this.prefix + piece : piece);
        if (id !== undefined) {
          found = id;
          break;
        }
      }
      if (found < 0) {
        out.push(this.unkId);
        return;
      }
      pieces.push(found);
      start = end;
    }
    for (const id of pieces) out.push(id);
  }

  toJSON(): object {
    return {
      type: 'WordPiece',
      unk_token: this.unkToken,
      continuing_subword_prefix: this.prefix,
      max_input_chars_per_word: this.maxInputCharsPerWord,
      vocab: this.vocab.toObject(),
    };
  }

  /** `vocab`: json.vocab already read (by the tokenizer loader, which checks it as it reads). */
  static fromJSON(json: WordPieceModelJson, vocab = Vocab.fromObject(json.vocab)): WordPieceModel {
    return new WordPieceModel(
      vocab,
      json.unk_token ?? '[UNK]',
      json.continuing_subword_prefix ?? CONTINUATION_PREFIX,
      json.max_input_chars_per_word ?? 100,
    );
  }
}

export interface WordPieceModelJson {
  type: 'WordPiece';
  vocab: Record<string, number>;
  unk_token?: string;
  continuing_subword_prefix?: string;
  max_input_chars_per_word?: number;
}
