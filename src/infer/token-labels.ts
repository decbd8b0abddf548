/** How tokens are labelled in attention views: as readable text, one label per token. */
import type { Tokenizer } from '../tokenizer/types';

export function tokenLabels(tokenizer: Tokenizer, ids: readonly number[]): string[] {
  // WordPiece tokens read well as they are ("##ing" shows it continues a word); byte-level
  // BPE tokens carry byte-map characters (Ġ for a space), so decode each one instead.
  return ids.map((id) => (tokenizer.kind === 'wordpiece' || tokenizer.isSpecial(id) ? (tokenizer.idToToken(id) ?? tokenizer.decode([id])) : tokenizer.decode([id])));
}
