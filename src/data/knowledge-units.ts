/**
 * ERNIE-style knowledge masking units (`--masking identifier`): the token runs that are masked
 * all-or-nothing are whole lexical units of the text, read off the tokens' surface text —
 * in code, identifiers (with their camelCase / snake_case pieces as sub-units), string literals
 * and numbers, however many tokens each took; in prose, whole words and capitalised multi-word
 * names ("New York City"). Any other token (punctuation, operators) is a unit of its own.
 * A token never belongs to two units: lexical units that share a token are merged.
 */
import type { Rng } from '../util/rng';

/** What knowledge units need of a tokenizer: the surface text of tokens. */
export interface SurfaceTokens {
  /** 'wordpiece' decodes tokens without the spaces between them; the others keep them. */
  readonly kind: string;
  isSpecial(id: number): boolean;
  isWordStart(id: number): boolean;
  decode(ids: ArrayLike<number>): string;
}

/** Half-open [start, end) runs of token positions. */
export type Unit = [number, number];

/** Share of identifiers of several pieces masked piece by piece (ERNIE's basic level) rather than whole (its phrase level). */
export const IDENTIFIER_PIECE_SHARE = 0.5;

const LEXICAL_UNIT = new RegExp(
  [
    /"(?:[^"\\\n]|\\.){0,200}"/.source, // string literals
    /`(?:[^`\\\n]|\\.){0,200}`/.source,
    /(?<![A-Za-z0-9])'(?:[^'\\\n]|\\.){0,200}'/.source, // not an apostrophe (don't)
    /[A-Z][a-z]+(?: [A-Z][a-z]+)+/.source, // capitalised multi-word names
    /[A-Za-z_$][A-Za-z0-9_$]*/.source, // identifiers and words
    /\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?/.source, // numbers
  ].join('|'),
  'g',
);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Piece ends: after '_' runs, and before an upper-case letter that follows a lower-case letter or digit. */
const PIECE_BOUNDARY = /(?<=_)(?=[^_])|(?<=[a-z0-9])(?=[A-Z])/g;

interface Surface {
  text: string;
  /** Character range of each token in `text` (empty for special tokens). */
  ranges: [number, number][];
}

/**
 * The text the tokens spell, with each token's character range. Byte-level BPE and char tokens
 * carry their own spaces; WordPiece drops them, so before its word-start tokens a space is
 * assumed only between two letters or digits: "user _ name" reads as user_name, "3 . 14" as 3.14.
 */
function surfaceOf(tokens: ArrayLike<number>, kinds: SurfaceTokens): Surface {
  let text = '';
  const ranges: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (kinds.isSpecial(tokens[i])) {
      text += '\n'; // specials separate units
      ranges.push([text.length, text.length]);
      continue;
    }
    let piece = kinds.decode([tokens[i]]);
    if (kinds.kind === 'wordpiece' && kinds.isWordStart(tokens[i]) && /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(piece)) piece = ` ${piece}`;
    const lead = piece.length - piece.trimStart().length;
    ranges.push([text.length + lead, text.length + piece.length]);
    text += piece;
  }
  return { text, ranges };
}

/** Tokens whose characters meet [start, end), as [first, last + 1); undefined when none. */
function tokensOver(ranges: [number, number][], start: number, end: number): Unit | undefined {
  let first = -1;
  let last = -1;
  ranges.forEach(([a, b], i) => {
    if (a < end && b > start && b > a) {
      if (first < 0) first = i;
      last = i;
    }
  });
  return first < 0 ? undefined : [first, last + 1];
}

/** An identifier's pieces as token runs, when every piece boundary falls between tokens; undefined otherwise. */
function pieceUnits(ranges: [number, number][], name: string, at: number): Unit[] | undefined {
  const cuts = [0, ...[...name.matchAll(PIECE_BOUNDARY)].map((m) => m.index!), name.length];
  if (cuts.length <= 2) return undefined;
  const units: Unit[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const run = tokensOver(ranges, at + cuts[k], at + cuts[k + 1]);
    if (!run) return undefined;
    if (units.length > 0 && run[0] < units[units.length - 1][1]) return undefined; // a token spans two pieces
    units.push(run);
  }
  return units;
}

/** The knowledge units of `tokens`, in order; special tokens belong to none. */
export function knowledgeUnits(tokens: ArrayLike<number>, kinds: SurfaceTokens, rng: Rng): Unit[] {
  const { text, ranges } = surfaceOf(tokens, kinds);
  // Matches come in text order, so a unit sharing a token with the one before is merged into it.
  const units: Unit[] = [];
  for (const match of text.matchAll(LEXICAL_UNIT)) {
    const run = tokensOver(ranges, match.index!, match.index! + match[0].length);
    if (!run) continue;
    const pieces = IDENTIFIER.test(match[0]) && rng.next() < IDENTIFIER_PIECE_SHARE ? pieceUnits(ranges, match[0], match.index!) : undefined;
    for (const unit of pieces ?? [run]) {
      const previous = units[units.length - 1];
      if (previous && unit[0] < previous[1]) previous[1] = Math.max(previous[1], unit[1]);
      else units.push([...unit]);
    }
  }
  // Tokens outside every lexical unit (punctuation, operators) are units of one token.
  const covered = new Uint8Array(tokens.length);
  for (const [s, e] of units) covered.fill(1, s, e);
  for (let i = 0; i < tokens.length; i++) if (!covered[i] && !kinds.isSpecial(tokens[i])) units.push([i, i + 1]);
  return units.sort((a, b) => a[0] - b[0]);
}
