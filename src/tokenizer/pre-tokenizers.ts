import { PUNCTUATION, WHITESPACE } from './unicode-classes';

/**
 * Splits normalized text into the "words" a subword model encodes one by one; `atTextStart`
 * says the text is the first segment of its input (not after an added token).
 */
export type PreTokenize = (text: string, atTextStart?: boolean) => string[];

/**
 * GPT-2's split: English contractions, letter runs, digit runs and other-symbol runs each with
 * at most one leading space, and whitespace runs that leave their last space to the next word.
 */
const GPT2_PATTERN = new RegExp(
  `'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^${WHITESPACE}\\p{L}\\p{N}]+|[${WHITESPACE}]+(?![^${WHITESPACE}])|[${WHITESPACE}]+`,
  'gu',
);

export const gpt2PreTokenize: PreTokenize = (text) => text.match(GPT2_PATTERN) ?? [];

/** BERT's split: whitespace separates and is dropped; each punctuation character stands alone. */
const BERT_PATTERN = new RegExp(`[^${WHITESPACE}${PUNCTUATION}]+|[${PUNCTUATION}]`, 'gu');

export const bertPreTokenize: PreTokenize = (text) => text.match(BERT_PATTERN) ?? [];

/** Character level: the model sees the whole text and splits it into code points itself. */
export const wholeText: PreTokenize = (text) => (text.length > 0 ? [text] : []);

/** HF's WhitespaceSplit: runs of non-whitespace. */
export const whitespaceSplit: PreTokenize = (text) => text.match(/\S+/g) ?? [];
