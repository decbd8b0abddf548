import { pairKey } from './pair-key';
import { SubwordModel } from './subword-model';
import { Vocab } from './vocab';

/** A merge rule: the two token strings whose adjacent occurrence becomes their concatenation. */
export type Merge = [string, string];

/**
 * The HF `BPE` model without dropout or subword affixes: a word starts as its code points and
 * the adjacent pair with the lowest merge rank is merged (leftmost first) until no pair has a
 * rank. That is what both the Rust crate and transformers.js do, so ids agree with them.
 */
export class BpeModel implements SubwordModel {
  /** rank of each mergeable pair, keyed by `pairKey(leftId, rightId)` */
  private readonly rankByPair = new Map<number, number>();
  /** id of the token each merge produces, by rank */
  private readonly mergedIdByRank: number[] = [];
  private readonly unkId: number | undefined;

  constructor(
    readonly vocab: Vocab,
    readonly merges: readonly Merge[],
    readonly unkToken: string | null = null,
  ) {
    merges.forEach(([left, right], rank) => {
      const leftId = vocab.id(left);
      const rightId = vocab.id(right);
      const mergedId = vocab.id(left + right);
      if (leftId === undefined || rightId === undefined || mergedId === undefined) {
        throw new Error(`BPE merge ${rank} (${JSON.stringify(left)} ${JSON.stringify(right)}) uses a token missing from the vocabulary`);
      }
      const key = pairKey(leftId, rightId);
      // A pair listed twice keeps its first (best) rank, as HF does.
      if (!this.rankByPair.has(key)) this.rankByPair.set(key, rank);
      this.mergedIdByRank[rank] = mergedId;
    });
    this.unkId = unkToken === null ? undefined : vocab.id(unkToken);
    if (unkToken !== null && this.unkId === undefined) throw new Error(`BPE unk_token ${JSON.stringify(unkToken)} is not in the vocabulary`);
  }

  encodeWord(word: string, out: number[]): void {
    const symbols: number[] = [];
    for (const ch of word) {
      const id = this.vocab.id(ch);
      // HF maps an unknown character to unk, or drops it when the model has no unk token.
      if (id !== undefined) symbols.push(id);
      else if (this.unkId !== undefined) symbols.push(this.unkId);
    }
    if (this.rankByPair.size > 0) this.applyMerges(symbols);
    for (const id of symbols) out.push(id);
  }

  /** Merges in place, one occurrence at a time: lowest rank first, then leftmost. */
  private applyMerges(symbols: number[]): void {
    for (;;) {
      let bestRank = Infinity;
      let bestPos = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = this.rankByPair.get(pairKey(symbols[i], symbols[i + 1]));
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          bestPos = i;
        }
      }
      if (bestPos < 0) return;
      symbols.splice(bestPos, 2, this.mergedIdByRank[bestRank]);
    }
  }

  toJSON(): object {
    return {
      type: 'BPE',
      dropout: null,
      unk_token: this.unkToken,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: this.vocab.toObject(),
      merges: this.merges.map(([left, right]) => [left, right]),
    };
  }

  /** `vocab`: json.vocab already read (by the tokenizer loader, which checks it as it reads). */
  static fromJSON(json: BpeModelJson, vocab = Vocab.fromObject(json.vocab)): BpeModel {
    for (const option of ['continuing_subword_prefix', 'end_of_word_suffix'] as const) {
      if (json[option]) throw new Error(`BPE models with ${option} are not supported`);
    }
    if (json.byte_fallback) throw new Error('BPE models with byte_fallback are not supported');
    const merges = (json.merges ?? []).map((merge): Merge => {
      if (Array.isArray(merge)) return [merge[0], merge[1]];
      const space = merge.indexOf(' ');
      return [merge.slice(0, space), merge.slice(space + 1)];
    });
    return new BpeModel(vocab, merges, json.unk_token ?? null);
  }
}

export interface BpeModelJson {
  type: 'BPE';
  vocab: Record<string, number>;
  /** "left right" strings (older files) or [left, right] pairs (tokenizers ≥ 0.20) */
  merges?: Array<string | [string, string]>;
  unk_token?: string | null;
  continuing_subword_prefix?: string | null;
  end_of_word_suffix?: string | null;
  byte_fallback?: boolean;
}
