import { AddedTokenSplitter } from './added-tokens';
import { byteOf } from './byte-level';
import { Decoder } from './decoders';
import { Normalizer } from './normalizers';
import { PostProcessor } from './post-processors';
import { PreTokenizerStage } from './pre-tokenizer-stage';
import { specialTokenIds } from './special-tokens';
import { SubwordModel } from './subword-model';
import { SpecialTokenIds, SpecialTokens, Tokenizer, TokenizerKind } from './types';
import { CONTINUATION_PREFIX } from './word-piece-model';

/** A token matched in raw text before any other stage; ours are all special tokens. */
export interface AddedToken {
  id: number;
  content: string;
  special: boolean;
}

/** The stages of an HF tokenizer, in the order text flows through them. */
export interface TokenizerParts {
  kind: TokenizerKind;
  addedTokens: AddedToken[];
  normalizer: Normalizer | null;
  preTokenizer: PreTokenizerStage;
  model: SubwordModel;
  postProcessor: PostProcessor;
  decoder: Decoder;
  specialTokens: SpecialTokens;
}

/** Pieces longer than this are encoded but not cached (whole texts, for the char model). */
const MAX_CACHED_PIECE_LENGTH = 256;
/** The word cache is dropped when it grows past this many entries, bounding memory. */
const MAX_CACHE_ENTRIES = 500_000;

/**
 * A tokenizer that runs HF's pipeline: added tokens → normalizer → pre-tokenizer → model, and
 * post-processor / decoder for the way back. Encoded pre-token pieces are cached, which is
 * what makes encoding a corpus fast: most of its words repeat.
 */
export class PipelineTokenizer implements Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocabSize: number;
  readonly specialTokens: SpecialTokens;
  readonly specialTokenIds: SpecialTokenIds;
  private readonly splitter: AddedTokenSplitter;
  private readonly specialIds: Set<number>;
  private readonly wordStarts: Uint8Array;
  private readonly cache = new Map<string, number[]>();

  constructor(private readonly parts: TokenizerParts) {
    const { model, addedTokens } = parts;
    for (const added of addedTokens) {
      const existing = model.vocab.token(added.id);
      if (existing !== undefined && existing !== added.content) {
        throw new Error(`added token ${JSON.stringify(added.content)} has id ${added.id}, which the model gives to ${JSON.stringify(existing)}`);
      }
      model.vocab.set(added.content, added.id);
    }
    this.kind = parts.kind;
    this.vocabSize = model.vocab.size;
    this.specialTokens = parts.specialTokens;
    this.specialTokenIds = specialTokenIds(parts.specialTokens, (token) => model.vocab.id(token));
    this.splitter = new AddedTokenSplitter(new Map(addedTokens.map((t) => [t.content, t.id])));
    this.specialIds = new Set(addedTokens.filter((t) => t.special).map((t) => t.id));
    this.wordStarts = this.computeWordStarts();
  }

  /** Ids of the text alone: no special tokens added (HF `add_special_tokens: false`). */
  encode(text: string): number[] {
    const ids: number[] = [];
    const { normalizer, preTokenizer, model } = this.parts;
    let atTextStart = true;
    for (const segment of this.splitter.split(text)) {
      const first = atTextStart;
      atTextStart = false;
      if (segment.addedId !== undefined) {
        ids.push(segment.addedId);
        continue;
      }
      const normalized = normalizer ? normalizer.normalize(segment.text) : segment.text;
      for (const piece of preTokenizer.split(normalized, first)) {
        const cached = this.cache.get(piece);
        if (cached !== undefined) {
          for (const id of cached) ids.push(id);
          continue;
        }
        const pieceIds: number[] = [];
        model.encodeWord(preTokenizer.toModelInput(piece), pieceIds);
        for (const id of pieceIds) ids.push(id);
        if (piece.length <= MAX_CACHED_PIECE_LENGTH) {
          if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
          this.cache.set(piece, pieceIds);
        }
      }
    }
    return ids;
  }

  /** What HF's post-processor adds with `add_special_tokens`: BERT [CLS] ids [SEP], T5 ids </s>. */
  addSpecialTokens(ids: number[]): number[] {
    return this.parts.postProcessor.addSpecialTokens(ids);
  }

  decode(ids: ArrayLike<number>, options: { skipSpecialTokens?: boolean } = {}): string {
    const tokens: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const token = this.idToToken(ids[i]);
      // Unknown ids are skipped, as HF does.
      if (token !== undefined && !(options.skipSpecialTokens && this.isSpecial(ids[i]))) tokens.push(token);
    }
    return this.parts.decoder.decode(tokens);
  }

  tokenToId(token: string): number | undefined {
    return this.parts.model.vocab.id(token);
  }

  idToToken(id: number): string | undefined {
    return this.parts.model.vocab.token(id);
  }

  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }

  isWordStart(id: number): boolean {
    return this.wordStarts[id] === 1;
  }

  toJSON(): object {
    const { addedTokens, normalizer, preTokenizer, postProcessor, decoder, model } = this.parts;
    return {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: addedTokens.map((t) => ({
        id: t.id,
        content: t.content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: !t.special,
        special: t.special,
      })),
      normalizer: normalizer ? normalizer.toJSON() : null,
      pre_tokenizer: preTokenizer.toJSON(),
      post_processor: postProcessor.toJSON(),
      decoder: decoder.toJSON(),
      model: model.toJSON(),
    };
  }

  /**
   * Which tokens can open a word, per algorithm: WordPiece marks continuations with `##`;
   * byte-level BPE continues a word with a token that starts with a letter, a digit or a
   * non-ASCII byte (a word's first token starts with a space `Ġ` or a symbol); a character
   * model has no subwords, so every character counts as its own unit.
   */
  private computeWordStarts(): Uint8Array {
    const starts = new Uint8Array(this.vocabSize);
    for (let id = 0; id < this.vocabSize; id++) {
      const token = this.idToToken(id);
      if (token === undefined) continue;
      starts[id] = this.isSpecial(id) || opensWord(this.kind, token) ? 1 : 0;
    }
    return starts;
  }
}

function opensWord(kind: TokenizerKind, token: string): boolean {
  switch (kind) {
    case 'wordpiece':
      return !token.startsWith(CONTINUATION_PREFIX);
    case 'bpe': {
      const first = byteOf(token.charAt(0));
      return first !== undefined && first < 0x80 && !/[A-Za-z0-9]/.test(String.fromCharCode(first));
    }
    case 'char':
      return true;
    case 'unigram':
      // sentencepiece pieces that begin a word carry the space before it as `▁`.
      return token.startsWith('\u2581');
  }
}
