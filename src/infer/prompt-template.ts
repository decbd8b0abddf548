/**
 * "Pretrain, prompt, predict" (PET-style) inputs: a template that wraps the text to classify
 * and marks where the answer goes, and a verbalizer that maps each label to the word the model
 * should put there. `Review: {text} It was [MASK].` with `positive=great,negative=terrible`
 * asks the model whether "great" or "terrible" fits better after the review.
 */
import { InputError } from '../util/errors';
import { withMaskToken } from './mask-token';

export const TEXT_SLOT = '{text}';
export const MASK_SLOT = '[MASK]';

export interface PromptTemplate {
  /** The template as given. */
  source: string;
}

export interface VerbalizerEntry {
  label: string;
  /** The answer word (it may be several tokens long). */
  word: string;
}

/** Checks that the template has exactly one {text} and at most one [MASK] or <mask> (required by masked LMs). */
export function parseTemplate(given: string): PromptTemplate {
  // <mask> (RoBERTa's spelling) marks the slot as [MASK] does; the slot takes the model's mask id.
  const source = withMaskToken(given, MASK_SLOT);
  const texts = source.split(TEXT_SLOT).length - 1;
  if (texts !== 1) throw new InputError(`--template must contain ${TEXT_SLOT} exactly once (it has ${texts}), e.g. "Review: {text} It was [MASK]."`);
  if (source.split(MASK_SLOT).length - 1 > 1) throw new InputError(`--template may contain ${MASK_SLOT} only once: it marks where the label word goes`);
  return { source };
}

/** `label=word,label=word`; labels and words must be non-empty and labels distinct, at least two. */
export function parseVerbalizer(source: string): VerbalizerEntry[] {
  const entries = source.split(',').map((part) => {
    const eq = part.indexOf('=');
    const label = part.slice(0, eq).trim();
    const word = part.slice(eq + 1).trim();
    if (eq < 0 || label === '' || word === '') throw new InputError(`--verbalizer: '${part.trim()}' is not label=word; write e.g. "positive=great,negative=terrible"`);
    return { label, word };
  });
  const seen = new Set<string>();
  for (const { label } of entries) {
    if (seen.has(label)) throw new InputError(`--verbalizer: the label '${label}' is given twice`);
    seen.add(label);
  }
  if (entries.length < 2) throw new InputError('--verbalizer needs at least two labels, e.g. "positive=great,negative=terrible"');
  return entries;
}

export interface FilledPrompt {
  /** The template up to the answer slot, with the text in place. */
  before: string;
  /** After the answer slot ('' when the template has no [MASK]: the answer comes last). */
  after: string;
}

/** The template around the answer slot, with `text` in its {text} slot. */
export function fillTemplate(template: PromptTemplate, text: string): FilledPrompt {
  const { source } = template;
  const slot = source.indexOf(MASK_SLOT);
  // Split before filling: the text itself may contain "[MASK]".
  const [before, after] = slot < 0 ? [source, ''] : [source.slice(0, slot), source.slice(slot + MASK_SLOT.length)];
  const put = (part: string) => part.replace(TEXT_SLOT, () => text);
  return { before: put(before), after: put(after) };
}

/**
 * The token ids a decoder continues `before` with when the answer is `word`: the word's ids in
 * context (tokenizers that merge across spaces, like GPT-2's, tokenize " great" not "great"),
 * and the prefix ids they follow. Whitespace before the slot becomes the word's leading space.
 */
export function answerTokens(encode: (text: string) => number[], before: string, word: string): { prefix: number[]; answer: number[] } {
  const trimmed = before.replace(/\s+$/, '');
  const spaced = trimmed.length < before.length ? ` ${word}` : word;
  const prefix = encode(trimmed);
  const whole = encode(trimmed + spaced);
  const sharesPrefix = whole.length > prefix.length && prefix.every((id, i) => whole[i] === id);
  const answer = sharesPrefix ? whole.slice(prefix.length) : encode(spaced);
  if (answer.length === 0) throw new InputError(`--verbalizer: the word '${word}' encodes to no tokens`);
  return { prefix, answer };
}
