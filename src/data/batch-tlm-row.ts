/**
 * One translation-LM row (XLM, Lample & Conneau 2019, §3.3): a code side and a text side in one
 * sequence, `[CLS] code [SEP] text [SEP]` (BERT's pair template) or `<s> code </s></s> text </s>`
 * (RoBERTa's; XLM's own `</s> A </s></s> B </s>` when its tokenizer's cls is `</s>`), with each
 * token's side (0 = code, 1 = text) and its position counted from 0 again where the text side
 * starts, so that a masked word of one side can only be found through attention to the other
 * side's content, not by lining up positions. With two separators the text side starts at the
 * second one, so each side reads like one text encoded alone, special token first.
 */

/** Side ids (token types, XLM languages): the code side, the text side. */
export const CODE_SIDE = 0;
export const TEXT_SIDE = 1;

export interface PairTemplate {
  /** Opens the row: [CLS] / <s>. */
  clsId: number;
  /** Closes each side: [SEP] / </s>. */
  sepId: number;
  /** 1: `[CLS] A [SEP] B [SEP]`; 2: `<s> A </s></s> B </s>`. */
  separators: 1 | 2;
}

export interface PairRow {
  ids: number[];
  /** Side of each id: CODE_SIDE or TEXT_SIDE. */
  sides: number[];
  /** Position of each id within its side. */
  positions: number[];
}

/** Special tokens a row of this template holds. */
export function specialsPerRow(template: PairTemplate): number {
  return 2 + template.separators;
}

/**
 * Token counts of the two sides in a row with room for `budget` of them: both whole when they
 * fit; otherwise a side shorter than half keeps all of it and the other takes the rest, and two
 * long sides get half each (the code the odd token). Truncation keeps each side's beginning: the
 * signature and the summary sentence.
 */
export function fairLengths(codeLength: number, textLength: number, budget: number): [number, number] {
  if (codeLength + textLength <= budget) return [codeLength, textLength];
  const textHalf = Math.floor(budget / 2);
  if (codeLength <= budget - textHalf) return [codeLength, budget - codeLength];
  if (textLength <= textHalf) return [budget - textLength, textLength];
  return [budget - textHalf, textHalf];
}

/** The row of `code` and `text` in at most `context` tokens. */
export function pairRow(code: ArrayLike<number>, text: ArrayLike<number>, context: number, template: PairTemplate): PairRow {
  const [codeLength, textLength] = fairLengths(code.length, text.length, context - specialsPerRow(template));
  const first = [template.clsId, ...Array.from({ length: codeLength }, (_, i) => code[i]), template.sepId];
  const second = [...(template.separators === 2 ? [template.sepId] : []), ...Array.from({ length: textLength }, (_, i) => text[i]), template.sepId];
  return {
    ids: [...first, ...second],
    sides: [...first.map(() => CODE_SIDE), ...second.map(() => TEXT_SIDE)],
    positions: [...first.keys(), ...second.keys()],
  };
}
