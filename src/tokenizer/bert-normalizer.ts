import { WHITESPACE } from './unicode-classes';

/** BERT's text normalisation, as the HF `BertNormalizer` does it. */
export interface BertNormalizerOptions {
  /** Drop control/format/unassigned characters and turn every whitespace into a plain space. */
  cleanText: boolean;
  /** Surround each CJK ideograph with spaces so that it becomes a word of its own. */
  handleChineseChars: boolean;
  /** Remove combining marks after NFD; HF defaults this to the value of `lowercase`. */
  stripAccents: boolean;
  lowercase: boolean;
}

// Tab, newline and carriage return are whitespace, not controls; lone surrogates cannot cross
// into Rust (they become U+FFFD there, which is dropped), so they are dropped here too.
const DROPPED = /(?![\t\n\r])[\0\uFFFD\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}]/gu;
const WHITESPACE_CHAR = new RegExp(`[${WHITESPACE}]`, 'g');
const CJK_IDEOGRAPH =
  /[\u{4E00}-\u{9FFF}\u{3400}-\u{4DBF}\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B920}-\u{2CEAF}\u{F900}-\u{FAFF}\u{2F800}-\u{2FA1F}]/gu;
const COMBINING_MARK = /\p{Mn}/gu;

export function bertNormalize(text: string, options: BertNormalizerOptions): string {
  if (options.cleanText) text = text.replace(DROPPED, '').replace(WHITESPACE_CHAR, ' ');
  if (options.handleChineseChars) text = text.replace(CJK_IDEOGRAPH, ' $& ');
  if (options.stripAccents) text = text.normalize('NFD').replace(COMBINING_MARK, '');
  if (options.lowercase) text = lowercasePerCharacter(text);
  return text;
}

/**
 * HF lowercases character by character; `String.prototype.toLowerCase` applies the Greek
 * final-sigma rule (Σ → ς at a word end), which would give different ids, so text with Σ is lowercased one code point at a time.
 */
function lowercasePerCharacter(text: string): string {
  return text.includes('Σ') ? Array.from(text, (ch) => ch.toLowerCase()).join('') : text.toLowerCase();
}

/** The HF tokenizer.json `normalizer` entry for these options. */
export function bertNormalizerJson(options: BertNormalizerOptions): object {
  return {
    type: 'BertNormalizer',
    clean_text: options.cleanText,
    handle_chinese_chars: options.handleChineseChars,
    strip_accents: options.stripAccents,
    lowercase: options.lowercase,
  };
}
