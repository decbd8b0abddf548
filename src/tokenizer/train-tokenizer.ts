import { sentinelTokens, XLM_MASK_TOKEN } from './special-tokens';
import { trainByteLevelBpe } from './train-bpe';
import { trainCharLevel } from './train-char';
import { TrainerOptions } from './train-options';
import { trainWordPiece } from './train-word-piece';
import { PipelineTokenizer } from './pipeline-tokenizer';
import { SpecialTokens, TokenizerKind, TrainableTokenizerKind } from './types';

/** The model families whose conventions (special tokens, template) a tokenizer follows. */
export type ModelFamily = 'gpt2' | 'bert' | 'roberta' | 't5' | 'xlm';

export interface TrainTokenizerOptions {
  /** Whose special tokens and template to use; defaults to bert for WordPiece, gpt2 otherwise. */
  family?: ModelFamily;
  /** Total vocabulary size with the special tokens; defaults per kind (see DEFAULT_VOCAB_SIZE). */
  vocabSize?: number;
  /** Defaults to 2 for BPE and WordPiece (a merge seen once teaches nothing), 1 for characters. */
  minFrequency?: number;
  /** Replaces the family's special tokens. */
  specialTokens?: SpecialTokens;
  /** T5 sentinels <extra_id_0>…: how many (default 100). */
  sentinelCount?: number;
  /** WordPiece only: lowercase the text (default true, BERT uncased). */
  lowercase?: boolean;
  /** WordPiece only: strip accents (default: same as lowercase). */
  stripAccents?: boolean;
}

export const DEFAULT_VOCAB_SIZE: Record<TrainableTokenizerKind, number> = {
  bpe: 8192,
  wordpiece: 8192,
  // Every character the corpus has: nanoGPT's Shakespeare ends up with 65.
  char: Number.MAX_SAFE_INTEGER,
};

/** GPT-2: <|endoftext|>; BERT: [PAD] [UNK] [CLS] [SEP] [MASK]; RoBERTa: <s> <pad> </s> <unk> <mask>; T5: <pad> </s> <unk> and sentinels. */
export function familySpecialTokens(family: ModelFamily, sentinelCount = 100): SpecialTokens {
  switch (family) {
    case 'gpt2':
      return { bos: '<|endoftext|>', eos: '<|endoftext|>' };
    case 'bert':
      return { pad: '[PAD]', unk: '[UNK]', cls: '[CLS]', sep: '[SEP]', mask: '[MASK]' };
    case 'roberta':
      return { bos: '<s>', pad: '<pad>', eos: '</s>', unk: '<unk>', cls: '<s>', sep: '</s>', mask: '<mask>' };
    case 't5':
      return { pad: '<pad>', eos: '</s>', unk: '<unk>', sentinels: sentinelTokens(sentinelCount) };
    case 'xlm':
      // XLMTokenizer's, but for cls: it names </s>; <s> is what begins every row here.
      return { bos: '<s>', eos: '</s>', pad: '<pad>', unk: '<unk>', cls: '<s>', sep: '</s>', mask: XLM_MASK_TOKEN };
  }
}

/** What `add_special_tokens` adds: BERT [CLS] text [SEP], T5 text </s>, GPT-2 nothing. */
function familyTemplate(family: ModelFamily, specials: SpecialTokens): TrainerOptions['template'] {
  if (family === 'bert' && specials.cls !== undefined && specials.sep !== undefined) return { before: [specials.cls], after: [specials.sep] };
  if (family === 't5' && specials.eos !== undefined) return { before: [], after: [specials.eos] };
  if (family === 'xlm' && specials.bos !== undefined && specials.sep !== undefined) return { before: [specials.bos], after: [specials.sep] };
  return undefined;
}

/**
 * RoBERTa's ids (<s>=0 <pad>=1 </s>=2 <unk>=3, <mask> last; BPE only) and its post-processor.
 */
function robertaConventions(kind: TokenizerKind, specials: SpecialTokens): Pick<TrainerOptions, 'roberta' | 'leadingRoles'> {
  const roberta = specials.cls !== undefined && specials.sep !== undefined ? { cls: specials.cls, sep: specials.sep } : undefined;
  return { roberta, ...(kind === 'bpe' ? { leadingRoles: ['bos', 'pad', 'eos', 'unk'] as const } : {}) };
}

/** Trains a tokenizer of `kind` on `texts` with the conventions of a model family. */
export function trainTokenizer(kind: TokenizerKind, texts: Iterable<string>, options: TrainTokenizerOptions = {}): PipelineTokenizer {
  if (kind === 'unigram') throw new Error('Unigram tokenizers are loaded from a model folder, not trained here: train bpe, wordpiece or char');
  const family = options.family ?? (kind === 'wordpiece' ? 'bert' : 'gpt2');
  const specialTokens = options.specialTokens ?? familySpecialTokens(family, options.sentinelCount);
  const trainerOptions: TrainerOptions = {
    vocabSize: options.vocabSize ?? DEFAULT_VOCAB_SIZE[kind],
    minFrequency: options.minFrequency ?? (kind === 'char' ? 1 : 2),
    specialTokens,
    template: familyTemplate(family, specialTokens),
    ...(family === 'roberta' ? robertaConventions(kind, specialTokens) : {}),
    // XLM's ids: <s>=0 </s>=1 <pad>=2 <unk>=3, then the mask.
    ...(family === 'xlm' ? { leadingRoles: ['bos', 'eos', 'pad', 'unk', 'mask'] as const } : {}),
  };
  switch (kind) {
    case 'bpe':
      return trainByteLevelBpe(texts, trainerOptions);
    case 'wordpiece':
      return trainWordPiece(texts, { ...trainerOptions, lowercase: options.lowercase, stripAccents: options.stripAccents });
    case 'char':
      return trainCharLevel(texts, trainerOptions);
  }
}
