/** Special-token ids as batching needs them, with errors that say which objective needs one. */
import { specialTokenIdsOf } from '../tokenizer/special-tokens';
import type { SpecialTokenIds, Tokenizer } from '../tokenizer/types';

export { specialTokenIdsOf };

export type SpecialRole = Exclude<keyof SpecialTokenIds, 'sentinels'>;

export function requireSpecialId(ids: SpecialTokenIds, role: SpecialRole, purpose: string): number {
  const id = ids[role];
  if (id === undefined) throw new Error(`the tokenizer has no ${role} token, which ${purpose} needs`);
  return id;
}

/** Every id that is not special: the pool random replacements are drawn from. */
export function nonSpecialIds(tokenizer: Tokenizer): Int32Array {
  const ids: number[] = [];
  for (let id = 0; id < tokenizer.vocabSize; id++) if (!tokenizer.isSpecial(id)) ids.push(id);
  return Int32Array.from(ids);
}
