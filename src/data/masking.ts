/**
 * Choosing and corrupting the positions a masked LM predicts (BERT/RoBERTa/SpanBERT/ERNIE).
 * A *unit* is what is chosen all-or-nothing: one token, one word (a word-start token plus
 * the continuation tokens after it), or one knowledge unit (knowledge-units.ts). Special tokens belong to no unit, so they are never chosen.
 * The budget is maskProbability × (non-special tokens), rounded stochastically so that it is
 * exact on average rather than biased by rounding in every sequence.
 */
import type { Rng } from '../util/rng';
import { IGNORE_INDEX } from './batch';
import { knowledgeUnits, type Unit } from './knowledge-units';

/** `--masking`: tokens, whole words, SpanBERT's spans of words, or ERNIE-style identifiers, literals and names. */
export const MASKING_STRATEGIES = ['token', 'whole-word', 'span', 'identifier'] as const;
export type MaskingStrategy = (typeof MASKING_STRATEGIES)[number];

export interface MaskingRules {
  strategy: MaskingStrategy;
  /** Share of non-special tokens chosen (BERT: 0.15). */
  maskProbability: number;
  /** SpanBERT's geometric parameter for span lengths in words (0.2, mean ≈ 3.8 after clipping). */
  spanGeometricP: number;
  /** SpanBERT clips span lengths at this many words (10). */
  maxSpanWords: number;
}

export const DEFAULT_MASKING_RULES: MaskingRules = {
  strategy: 'token',
  maskProbability: 0.15,
  spanGeometricP: 0.2,
  maxSpanWords: 10,
};

export interface TokenKinds {
  /** The tokenizer's kind ('wordpiece' decodes without spaces between tokens). */
  readonly kind: string;
  isSpecial(id: number): boolean;
  isWordStart(id: number): boolean;
  /** The text of tokens (knowledge units read it). */
  decode(ids: ArrayLike<number>): string;
}


/** Flags (1 = chosen) over `tokens`. */
export function choosePositions(tokens: ArrayLike<number>, kinds: TokenKinds, rules: MaskingRules, rng: Rng): Uint8Array {
  const chosen = new Uint8Array(tokens.length);
  const units = unitsOf(tokens, kinds, rules, rng);
  const candidates = units.reduce((n, [s, e]) => n + e - s, 0);
  const exact = rules.maskProbability * candidates;
  const budget = Math.floor(exact) + (rng.next() < exact - Math.floor(exact) ? 1 : 0);
  if (rules.strategy === 'span') chooseSpans(units, budget, rules, rng, chosen);
  else chooseUnits(units, budget, rng, chosen);
  return chosen;
}

/** Flags with exactly one unit (token or word, per the strategy) chosen at random; undefined when there is none. */
export function chooseOneUnit(tokens: ArrayLike<number>, kinds: TokenKinds, rules: MaskingRules, rng: Rng): Uint8Array | undefined {
  const units = unitsOf(tokens, kinds, rules, rng);
  if (units.length === 0) return undefined;
  const chosen = new Uint8Array(tokens.length);
  const [start, end] = units[rng.int(units.length)];
  chosen.fill(1, start, end);
  return chosen;
}

function unitsOf(tokens: ArrayLike<number>, kinds: TokenKinds, rules: MaskingRules, rng: Rng): Unit[] {
  if (rules.strategy === 'token') return tokenUnits(tokens, kinds);
  if (rules.strategy === 'identifier') return knowledgeUnits(tokens, kinds, rng);
  return wordUnits(tokens, kinds);
}

function tokenUnits(tokens: ArrayLike<number>, kinds: TokenKinds): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < tokens.length; i++) if (!kinds.isSpecial(tokens[i])) units.push([i, i + 1]);
  return units;
}

/** A continuation token with no word start before it (a window cut a word) starts a partial word. */
function wordUnits(tokens: ArrayLike<number>, kinds: TokenKinds): Unit[] {
  const units: Unit[] = [];
  let current: Unit | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (kinds.isSpecial(tokens[i])) {
      current = undefined;
    } else if (current && !kinds.isWordStart(tokens[i])) {
      current[1] = i + 1;
    } else {
      current = [i, i + 1];
      units.push(current);
    }
  }
  return units;
}

/** BERT: units in random order, each taken if it still fits the budget. */
function chooseUnits(units: Unit[], budget: number, rng: Rng, chosen: Uint8Array): void {
  let taken = 0;
  for (const [start, end] of rng.shuffle([...units])) {
    if (taken >= budget) break;
    if (taken + end - start > budget) continue;
    chosen.fill(1, start, end);
    taken += end - start;
  }
}

/**
 * SpanBERT: repeatedly a span of ℓ ~ Geometric(p) words (clipped) from a random start word,
 * until the budget is met. Words of a span that would overflow the budget are left out, so a
 * span is shortened in whole words, never cut inside one.
 */
function chooseSpans(words: Unit[], budget: number, rules: MaskingRules, rng: Rng, chosen: Uint8Array): void {
  let taken = 0;
  const maxAttempts = 4 * words.length + 16;
  for (let attempt = 0; taken < budget && attempt < maxAttempts; attempt++) {
    const spanWords = Math.min(geometric(rules.spanGeometricP, rng), rules.maxSpanWords);
    const first = rng.int(words.length);
    for (let w = first; w < Math.min(first + spanWords, words.length); w++) {
      const [start, end] = words[w];
      if (chosen[start]) continue;
      if (taken + end - start > budget) break;
      chosen.fill(1, start, end);
      taken += end - start;
    }
  }
}

/** Number of trials up to and including the first success, each succeeding with probability p. */
function geometric(p: number, rng: Rng): number {
  const u = 1 - rng.next(); // (0, 1]: keeps log finite
  return 1 + Math.floor(Math.log(u) / Math.log(1 - p));
}

export interface Corruption {
  maskId: number;
  /** Ids a chosen token may be replaced with: every non-special id. */
  replacementIds: Int32Array;
}

/**
 * BERT's 80/10/10: each chosen position becomes [MASK] with probability 0.8, a random
 * non-special token with 0.1, and stays itself with 0.1. `inputs` is rewritten in place;
 * `labels` gets the original id at chosen positions and IGNORE_INDEX elsewhere.
 */
export function corruptChosen(inputs: Int32Array, labels: Int32Array, chosen: Uint8Array, corruption: Corruption, rng: Rng): void {
  for (let i = 0; i < inputs.length; i++) {
    if (!chosen[i]) {
      labels[i] = IGNORE_INDEX;
      continue;
    }
    labels[i] = inputs[i];
    const r = rng.next();
    if (r < 0.8) inputs[i] = corruption.maskId;
    else if (r < 0.9) inputs[i] = corruption.replacementIds[rng.int(corruption.replacementIds.length)];
  }
}
