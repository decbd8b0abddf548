import { toByteLevel } from './byte-level';
import { PreTokenize, bertPreTokenize, gpt2PreTokenize, wholeText } from './pre-tokenizers';
import { StageJson } from './stage-json';

/**
 * The `pre_tokenizer` stage of an HF tokenizer, in two steps so encoding can cache by the raw
 * piece: `split` finds the pieces, `toModelInput` rewrites one piece into the model's alphabet
 * (GPT-2's byte-level symbols; identity otherwise).
 */
export interface PreTokenizerStage {
  split: PreTokenize;
  toModelInput(piece: string): string;
  toJSON(): object | null;
}

const identity = (piece: string) => piece;

export function byteLevelPreTokenizer(addPrefixSpace = false): PreTokenizerStage {
  return {
    split: addPrefixSpace ? (text) => gpt2PreTokenize(text.startsWith(' ') ? text : ' ' + text) : gpt2PreTokenize,
    toModelInput: toByteLevel,
    toJSON: () => ({ type: 'ByteLevel', add_prefix_space: addPrefixSpace, trim_offsets: true, use_regex: true }),
  };
}

export function bertPreTokenizer(): PreTokenizerStage {
  return { split: bertPreTokenize, toModelInput: identity, toJSON: () => ({ type: 'BertPreTokenizer' }) };
}

/** No pre-tokenizer: the model gets each text segment whole (our character-level tokenizer). */
export function noPreTokenizer(): PreTokenizerStage {
  return { split: wholeText, toModelInput: identity, toJSON: () => null };
}

export function preTokenizerFromJSON(json: StageJson | null | undefined): PreTokenizerStage {
  if (json === null || json === undefined) return noPreTokenizer();
  if (json.type === 'ByteLevel') {
    if (json.use_regex === false) throw new Error('ByteLevel pre_tokenizer without use_regex is not supported');
    return byteLevelPreTokenizer(json.add_prefix_space === true);
  }
  if (json.type === 'BertPreTokenizer') return bertPreTokenizer();
  throw new Error(`tokenizer.json pre_tokenizer ${json.type} is not supported`);
}
