import { toByteLevel } from './byte-level';
import { metaspaceJSON, metaspaceOptionsFromJSON, metaspaceSplit } from './metaspace';
import { PreTokenize, bertPreTokenize, gpt2PreTokenize, wholeText, whitespaceSplit } from './pre-tokenizers';
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
  if (json.type === 'WhitespaceSplit') return { split: whitespaceSplit, toModelInput: identity, toJSON: () => json };
  if (json.type === 'Metaspace') {
    const options = metaspaceOptionsFromJSON(json);
    return { split: (text, atTextStart = true) => metaspaceSplit(text, options, atTextStart), toModelInput: identity, toJSON: () => metaspaceJSON(options) };
  }
  if (json.type === 'Sequence') return sequencePreTokenizer(json);
  throw new Error(`tokenizer.json pre_tokenizer ${json.type} is not supported`);
}

/** Pre-tokenizers applied in turn, each to every piece of the one before (identity model input only). */
function sequencePreTokenizer(json: StageJson): PreTokenizerStage {
  if (!Array.isArray(json.pretokenizers)) throw new Error('Sequence pre_tokenizer needs a "pretokenizers" list');
  const stages = (json.pretokenizers as StageJson[]).map(preTokenizerFromJSON);
  if (stages.some((s) => s.toModelInput !== identity)) throw new Error('a Sequence pre_tokenizer with ByteLevel inside is not supported');
  return {
    // As HF: only the piece that opens the text is at its start.
    split: (text, atTextStart = true) => stages.reduce<string[]>((pieces, stage) => pieces.flatMap((piece, i) => stage.split(piece, atTextStart && i === 0)), [text]),
    toModelInput: identity,
    toJSON: () => json,
  };
}
