/**
 * The learning-rate schedule: linear warmup, then cosine decay to a floor, as nanoGPT's
 * `get_lr` computes it (so the nanoGPT-equivalent run of DESIGN.md §3 follows the same curve).
 */

export interface LrSchedule {
  /** Peak learning rate, reached at the end of warmup. */
  lr: number;
  /** Floor the cosine decays to, reached at the last step. */
  minLr: number;
  /** Optimizer steps of linear warmup. */
  warmup: number;
  /** Total optimizer steps of the run: the cosine ends here. */
  steps: number;
}

/** Learning rate of the 0-based optimizer step `step`. */
export function learningRate(step: number, s: LrSchedule): number {
  if (step < s.warmup) return (s.lr * (step + 1)) / (s.warmup + 1);
  if (step >= s.steps) return s.minLr;
  const decaySteps = s.steps - s.warmup;
  if (decaySteps <= 0) return s.minLr;
  const ratio = (step - s.warmup) / decaySteps; // 0 → 1
  const coeff = 0.5 * (1 + Math.cos(Math.PI * ratio)); // 1 → 0
  return s.minLr + coeff * (s.lr - s.minLr);
}
