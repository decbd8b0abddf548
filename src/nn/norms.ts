/** Normalisation layers. */
import type { GraphBuilder, Value } from '../graph';

// x (…, C), gain (C), bias (C) → (…, C); LayerNorm as in torch (biased variance).
export function layerNorm(g: GraphBuilder, x: Value, gain: Value, bias: Value, eps: number): Value {
  return g.layerNorm(x, gain, bias, eps);
}

/**
 * RMS normalisation as in T5 (no mean subtraction, no bias): x / √(mean(x²) + ε) · γ.
 * Composed of primitives, so it needs no gradient rule of its own.
 */
// x (…, C), gain (C) → (…, C)
export function rmsNorm(g: GraphBuilder, x: Value, gain: Value, eps: number): Value {
  const meanSquare = g.reduceMean(g.mul(x, x), [-1], true); // (…, 1)
  return g.mul(g.div(x, g.sqrt(g.add(meanSquare, eps))), gain);
}
