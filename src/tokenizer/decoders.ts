import { fromByteLevel } from './byte-level';
import { CONTINUATION_PREFIX } from './word-piece-model';
import { metaspaceDecode, metaspaceJSON, metaspaceOptionsFromJSON } from './metaspace';
import { StageJson } from './stage-json';

/** The `decoder` stage of an HF tokenizer: token strings back to text. */
export interface Decoder {
  decode(tokens: string[]): string;
  toJSON(): object | null;
}

export function byteLevelDecoder(): Decoder {
  return {
    decode: (tokens) => fromByteLevel(tokens.join('')),
    toJSON: () => ({ type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true }),
  };
}

/** Pieces glued to the previous one when they carry the prefix, else joined with a space. */
export function wordPieceDecoder(prefix = CONTINUATION_PREFIX, cleanup = true): Decoder {
  return {
    decode: (tokens) =>
      tokens
        .map((token, i) => {
          const glued = i === 0 ? token : token.startsWith(prefix) ? token.slice(prefix.length) : ' ' + token;
          return cleanup ? cleanUpTokenization(glued) : glued;
        })
        .join(''),
    toJSON: () => ({ type: 'WordPiece', prefix, cleanup }),
  };
}

/** Tokens concatenated as they are (our character-level tokenizer). */
export function fuseDecoder(): Decoder {
  return { decode: (tokens) => tokens.join(''), toJSON: () => ({ type: 'Fuse' }) };
}

/** BERT's detokenizer clean-up: no space before punctuation and English clitics. */
function cleanUpTokenization(text: string): string {
  return text
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

export function decoderFromJSON(json: StageJson | null | undefined): Decoder {
  // HF joins tokens with spaces when a tokenizer has no decoder.
  if (json === null || json === undefined) return { decode: (tokens) => tokens.join(' '), toJSON: () => null };
  switch (json.type) {
    case 'ByteLevel':
      return byteLevelDecoder();
    case 'WordPiece':
      return wordPieceDecoder(typeof json.prefix === 'string' ? json.prefix : CONTINUATION_PREFIX, json.cleanup !== false);
    case 'Fuse':
      return fuseDecoder();
    case 'Metaspace': {
      const options = metaspaceOptionsFromJSON(json);
      return { decode: (tokens) => metaspaceDecode(tokens, options), toJSON: () => metaspaceJSON(options) };
    }
    default:
      throw new Error(`tokenizer.json decoder ${json.type} is not supported`);
  }
}
