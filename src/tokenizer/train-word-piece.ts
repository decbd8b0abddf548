import { BertNormalizerOptions } from './bert-normalizer';
import { CountedWord, learnMerges } from './bpe-trainer';
import { wordPieceDecoder } from './decoders';
import { bertNormalizer } from './normalizers';
import { PipelineTokenizer } from './pipeline-tokenizer';
import { noPostProcessor } from './post-processors';
import { bertPreTokenizer } from './pre-tokenizer-stage';
import { TrainerOptions, checkVocabSize, specialVocab, templateOr } from './train-options';
import { CONTINUATION_PREFIX, WordPieceModel } from './word-piece-model';
import { countPieces } from './word-counts';

export interface WordPieceOptions extends TrainerOptions {
  /** BERT "uncased": lowercase the text (default true). */
  lowercase?: boolean;
  /** Remove accents; HF defaults this to the value of `lowercase`. */
  stripAccents?: boolean;
}

/**
 * Trains a BERT style WordPiece vocabulary the way HF does: BPE merges over words whose
 * non-initial characters carry `##`, keeping every token created along the way. Encoding then
 * uses greedy longest match, not the merges. When the corpus has more distinct characters than
 * the vocabulary can hold, the rarest are left out and words using them become [UNK].
 */
export function trainWordPiece(texts: Iterable<string>, options: WordPieceOptions): PipelineTokenizer {
  const unkToken = options.specialTokens.unk;
  if (unkToken === undefined) throw new Error('WordPiece needs an unk special token');
  const { vocab, addedTokens, splitter } = specialVocab(options);
  checkVocabSize(options, vocab.size + 1, `${vocab.size} special tokens and one character`);

  const lowercase = options.lowercase ?? true;
  const normalizerOptions: BertNormalizerOptions = {
    cleanText: true,
    handleChineseChars: true,
    stripAccents: options.stripAccents ?? lowercase,
    lowercase,
  };
  const normalizer = bertNormalizer(normalizerOptions);
  const preTokenizer = bertPreTokenizer();
  const counts = countPieces(texts, { splitter, normalizer, split: preTokenizer.split });

  const spelled = [...counts].map(([piece, count]) => ({ symbols: spell(piece), count }));
  for (const symbol of chooseAlphabet(spelled, options.vocabSize - vocab.size)) vocab.add(symbol);
  const words: CountedWord[] = [];
  for (const { symbols, count } of spelled) {
    const ids = symbols.map((symbol) => vocab.id(symbol) ?? -1);
    if (!ids.includes(-1)) words.push({ symbols: ids, count });
  }
  const join = (left: string, right: string) =>
    left + (right.startsWith(CONTINUATION_PREFIX) ? right.slice(CONTINUATION_PREFIX.length) : right);
  learnMerges(words, vocab, { ...options, join });

  return new PipelineTokenizer({
    kind: 'wordpiece',
    addedTokens,
    normalizer,
    preTokenizer,
    model: new WordPieceModel(vocab, unkToken),
    postProcessor: templateOr(options, vocab, noPostProcessor()),
    decoder: wordPieceDecoder(),
    specialTokens: options.specialTokens,
  });
}

/** A word's initial symbols: its first character, then `##` + each following character. */
function spell(word: string): string[] {
  return Array.from(word, (ch, i) => (i === 0 ? ch : CONTINUATION_PREFIX + ch));
}

/** The most frequent symbols that fit in `budget`, listed in code-point order. */
function chooseAlphabet(words: Array<{ symbols: string[]; count: number }>, budget: number): string[] {
  const frequency = new Map<string, number>();
  for (const { symbols, count } of words) for (const s of symbols) frequency.set(s, (frequency.get(s) ?? 0) + count);
  const byFrequency = [...frequency].sort((x, y) => y[1] - x[1] || compareStrings(x[0], y[0]));
  return byFrequency
    .slice(0, budget)
    .map(([symbol]) => symbol)
    .sort(compareStrings);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
