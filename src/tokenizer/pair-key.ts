/**
 * Two token ids packed into one number, so pair tables can be plain `Map<number, …>`s (much
 * faster than string keys). 2^21 ids is far more than any vocabulary here; a*2^21+b stays
 * below 2^53. Ordering keys orders pairs by (a, b), which makes tie-breaks deterministic.
 */
const SHIFT = 2097152;

export const MAX_TOKEN_ID = SHIFT - 1;

export function pairKey(a: number, b: number): number {
  return a * SHIFT + b;
}

export function pairFirst(key: number): number {
  return Math.floor(key / SHIFT);
}

export function pairSecond(key: number): number {
  return key % SHIFT;
}
