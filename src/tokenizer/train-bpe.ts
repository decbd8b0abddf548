import { BpeModel } from './bpe-model';
import { learnMerges } from './bpe-trainer';
import { byteLevelAlphabet, toByteLevel } from './byte-level';
import { byteLevelDecoder } from './decoders';
import { PipelineTokenizer } from './pipeline-tokenizer';
import { byteLevelPostProcessor } from './post-processors';
import { byteLevelPreTokenizer } from './pre-tokenizer-stage';
import { TrainerOptions, appendTrailingSpecials, checkVocabSize, specialVocab, templateOr, trailingSpecials } from './train-options';
import { countPieces } from './word-counts';

/**
 * Trains a GPT-2 style byte-level BPE: the GPT-2 pre-tokenizer splits the text, each piece is
 * written as byte-level symbols, and merges are learned from there. All 256 bytes are in the
 * vocabulary (after the special tokens), so any UTF-8 text encodes without an unknown token.
 */
export function trainByteLevelBpe(texts: Iterable<string>, options: TrainerOptions): PipelineTokenizer {
  const { vocab, addedTokens, splitter } = specialVocab(options);
  const last = trailingSpecials(options).length; // RoBERTa's <mask> comes after the merges
  checkVocabSize(options, vocab.size + last + 256, `${vocab.size + last} special tokens and 256 bytes`);
  // Symbols are all single UTF-16 units (U+0021…U+0143), so a char-code table maps them to ids.
  const idBySymbolCode = new Int32Array(0x144).fill(-1);
  for (const symbol of byteLevelAlphabet()) idBySymbolCode[symbol.charCodeAt(0)] = vocab.add(symbol);

  const preTokenizer = byteLevelPreTokenizer();
  const counts = countPieces(texts, { splitter, normalizer: null, split: preTokenizer.split });
  const words = [];
  for (const [piece, count] of counts) {
    const symbols = toByteLevel(piece);
    const ids = new Array<number>(symbols.length);
    for (let i = 0; i < symbols.length; i++) ids[i] = idBySymbolCode[symbols.charCodeAt(i)];
    words.push({ symbols: ids, count });
  }
  const merges = learnMerges(words, vocab, { ...options, vocabSize: options.vocabSize - last, join: (left, right) => left + right });
  appendTrailingSpecials(options, vocab, addedTokens);

  return new PipelineTokenizer({
    kind: 'bpe',
    addedTokens,
    normalizer: null,
    preTokenizer,
    model: new BpeModel(vocab, merges),
    postProcessor: templateOr(options, vocab, byteLevelPostProcessor()),
    decoder: byteLevelDecoder(),
    specialTokens: options.specialTokens,
  });
}
