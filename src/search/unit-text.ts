/** The texts made from a unit: what BM25 indexes, what the encoder embeds, and the preview a hit shows. */
import type { CodeUnit } from '../data/pairs/types';

/** Lines of code a hit's preview shows. */
const PREVIEW_LINES = 3;
/** Characters per token, generously: the text given to the encoder is cut here, the encoder's tokenizer cuts at maxTokens. */
const CHARS_PER_TOKEN_BOUND = 8;

/**
 * Name, describing text and code: an identifier or a word of the docstring both find the unit.
 * A docstring inside the code (Python) is counted once: the code is taken without it.
 */
export function bm25Text(unit: CodeUnit): string {
  return [unit.name, unit.doc ?? '', unit.codeWithoutDoc ?? unit.code].join('\n');
}

/** Doc + code (the docstring once), cut to what maxTokens can hold. */
export function embeddingText(unit: CodeUnit, maxTokens: number): string {
  const code = unit.codeWithoutDoc ?? unit.code;
  const text = unit.doc ? `${unit.doc}\n${code}` : code;
  return text.slice(0, maxTokens * CHARS_PER_TOKEN_BOUND);
}

export function preview(code: string): string {
  return code.split('\n').slice(0, PREVIEW_LINES).join('\n');
}
