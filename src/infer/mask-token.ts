/**
 * Mask tokens as people write them: `[MASK]` (BERT's spelling) works for every masked LM and
 * `<mask>` (RoBERTa's) too, each mapped to the model's own mask token before tokenizing.
 */

/** The spellings a text or template may use for "the model's mask token here". */
export const MASK_SPELLINGS = ['[MASK]', '<mask>'] as const;

/** `text` with every mask spelling replaced by `maskToken`. */
export function withMaskToken(text: string, maskToken: string): string {
  return MASK_SPELLINGS.reduce((t, spelling) => (spelling === maskToken ? t : t.split(spelling).join(maskToken)), text);
}
