/**
 * T5 span corruption as pure functions (after T5's `random_spans_noise_mask` and
 * `compute_input_and_target_lengths`). From L raw tokens, round(L × density) noise tokens are
 * cut into round(noise / meanSpanLength) spans; the encoder sees the text with each span
 * replaced by one sentinel, the decoder predicts `<extra_id_0> span0 <extra_id_1> span1 … </s>`.
 */
import type { Rng } from '../util/rng';

export interface SpanCorruptionRules {
  /** Share of tokens corrupted (T5: 0.15). */
  noiseDensity: number;
  /** Mean span length in tokens (T5: 3). */
  meanSpanLength: number;
}

export const DEFAULT_SPAN_CORRUPTION: SpanCorruptionRules = { noiseDensity: 0.15, meanSpanLength: 3 };

export interface SpanCounts {
  noiseTokens: number;
  spans: number;
  /** Kept tokens + one sentinel per span + </s>. */
  encoderLength: number;
  /** Noise tokens + one sentinel per span + </s>. */
  decoderLength: number;
}

export function spanCounts(rawLength: number, rules: SpanCorruptionRules): SpanCounts {
  if (rawLength < 2) throw new Error(`span corruption needs at least 2 tokens, got ${rawLength}`);
  const noiseTokens = Math.min(Math.max(Math.round(rawLength * rules.noiseDensity), 1), rawLength - 1);
  const spans = Math.min(Math.max(Math.round(noiseTokens / rules.meanSpanLength), 1), noiseTokens, rawLength - noiseTokens);
  return {
    noiseTokens,
    spans,
    encoderLength: rawLength - noiseTokens + spans + 1,
    decoderLength: noiseTokens + spans + 1,
  };
}

/** The longest raw length whose corrupted encoder input fits `encoderLength` tokens. */
export function rawLengthForEncoder(encoderLength: number, rules: SpanCorruptionRules): number {
  let raw = 2;
  while (spanCounts(raw + 1, rules).encoderLength <= encoderLength) raw++;
  if (spanCounts(raw, rules).encoderLength > encoderLength) throw new Error(`encoder length ${encoderLength} is too short for span corruption`);
  return raw;
}

/** Flags (1 = noise) over `length` positions: non-noise and noise segments alternate, non-noise first. */
export function randomSpansNoiseMask(length: number, rules: SpanCorruptionRules, rng: Rng): Uint8Array {
  const { noiseTokens, spans } = spanCounts(length, rules);
  const noiseLengths = randomSegmentation(noiseTokens, spans, rng);
  const keptLengths = randomSegmentation(length - noiseTokens, spans, rng);
  const mask = new Uint8Array(length);
  let position = 0;
  for (let s = 0; s < spans; s++) {
    position += keptLengths[s];
    mask.fill(1, position, position + noiseLengths[s]);
    position += noiseLengths[s];
  }
  return mask;
}

/** `items` split into `segments` non-empty runs, every split equally likely. */
function randomSegmentation(items: number, segments: number, rng: Rng): number[] {
  const cuts = rng.shuffle(Array.from({ length: items - 1 }, (_, i) => i + 1)).slice(0, segments - 1).sort((a, b) => a - b);
  const bounds = [0, ...cuts, items];
  return bounds.slice(1).map((end, i) => end - bounds[i]);
}

export interface CorruptedPair {
  /** Kept tokens with a sentinel per noise span, then </s>. */
  encoder: number[];
  /** Each sentinel followed by the span it replaced, then </s>. */
  target: number[];
}

export function corruptSpans(tokens: ArrayLike<number>, noise: Uint8Array, sentinelIds: readonly number[], eosId: number): CorruptedPair {
  const encoder: number[] = [];
  const target: number[] = [];
  let span = -1;
  for (let i = 0; i < tokens.length; i++) {
    if (!noise[i]) {
      encoder.push(tokens[i]);
      continue;
    }
    if (i === 0 || !noise[i - 1]) {
      span++;
      if (span >= sentinelIds.length) throw new Error(`span corruption needs more than the ${sentinelIds.length} sentinel tokens the tokenizer has`);
      encoder.push(sentinelIds[span]);
      target.push(sentinelIds[span]);
    }
    target.push(tokens[i]);
  }
  encoder.push(eosId);
  target.push(eosId);
  return { encoder, target };
}
