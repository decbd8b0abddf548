import { BpeModel } from './bpe-model';
import { fuseDecoder } from './decoders';
import { PipelineTokenizer } from './pipeline-tokenizer';
import { noPostProcessor } from './post-processors';
import { noPreTokenizer } from './pre-tokenizer-stage';
import { TrainerOptions, checkVocabSize, specialVocab, templateOr } from './train-options';
import { countCharacters } from './word-counts';

/**
 * Trains a character-level vocabulary (nanoGPT's Shakespeare setup): one token per code point
 * seen at least `minFrequency` times, the most frequent first when they do not all fit, listed
 * in code-point order. It is written as an HF `BPE` model with no merges and no pre-tokenizer,
 * which both HF loaders accept; characters outside the vocabulary become the unk token when
 * there is one and are dropped otherwise (what HF's BPE does).
 */
export function trainCharLevel(texts: Iterable<string>, options: TrainerOptions): PipelineTokenizer {
  const { vocab, addedTokens, splitter } = specialVocab(options);
  checkVocabSize(options, vocab.size + 1, `${vocab.size} special tokens and one character`);
  const counts = countCharacters(texts, splitter);
  const kept = [...counts]
    .filter(([ch, count]) => count >= options.minFrequency && !vocab.has(ch))
    .sort((x, y) => y[1] - x[1] || codePointOrder(x[0], y[0]))
    .slice(0, options.vocabSize - vocab.size)
    .map(([ch]) => ch)
    .sort(codePointOrder);
  for (const ch of kept) vocab.add(ch);

  return new PipelineTokenizer({
    kind: 'char',
    addedTokens,
    normalizer: null,
    preTokenizer: noPreTokenizer(),
    model: new BpeModel(vocab, [], options.specialTokens.unk ?? null),
    postProcessor: templateOr(options, vocab, noPostProcessor()),
    decoder: fuseDecoder(),
    specialTokens: options.specialTokens,
  });
}

function codePointOrder(a: string, b: string): number {
  return (a.codePointAt(0) as number) - (b.codePointAt(0) as number);
}
