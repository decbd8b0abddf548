import { BertNormalizerOptions, bertNormalize, bertNormalizerJson } from './bert-normalizer';
import { StageJson } from './stage-json';
import { textNormalizerFromJSON } from './text-normalizers';

/** The `normalizer` stage of an HF tokenizer. */
export interface Normalizer {
  normalize(text: string): string;
  toJSON(): object;
}

export function bertNormalizer(options: BertNormalizerOptions): Normalizer {
  return {
    normalize: (text) => bertNormalize(text, options),
    toJSON: () => bertNormalizerJson(options),
  };
}

/** Reads the normalizers our files, GPT-2/BERT and sentencepiece style files use; others are refused by name. */
export function normalizerFromJSON(json: StageJson | null | undefined): Normalizer | null {
  if (json === null || json === undefined) return null;
  if (json.type === 'BertNormalizer') {
    const lowercase = json.lowercase !== false;
    return bertNormalizer({
      cleanText: json.clean_text !== false,
      handleChineseChars: json.handle_chinese_chars !== false,
      // HF: strip_accents null means "same as lowercase".
      stripAccents: typeof json.strip_accents === 'boolean' ? json.strip_accents : lowercase,
      lowercase,
    });
  }
  const other = textNormalizerFromJSON(json, normalizerFromJSON);
  if (other) return other;
  throw new Error(`tokenizer.json normalizer ${json.type} is not supported`);
}
