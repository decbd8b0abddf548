/**
 * Dropout with explicit masks. Each dropout site becomes a graph input holding a 0/1 mask
 * the trainer draws from its seeded RNG every step, so runs are reproducible and resumable
 * (an in-graph random op would have hidden, unsaveable state). Inference graphs use none.
 */
import type { GraphBuilder, Value } from '../graph';
import { isStatic } from '../graph/shape';

export interface DropoutSite {
  name: string;
  shape: number[];
  /** Probability of dropping an element. */
  p: number;
}

export interface Dropout {
  apply(g: GraphBuilder, x: Value, p: number): Value;
}

export const noDropout: Dropout = { apply: (_g, x) => x };

export class MaskDropout implements Dropout {
  readonly sites: DropoutSite[] = [];

  apply(g: GraphBuilder, x: Value, p: number): Value {
    if (p <= 0) return x;
    if (!isStatic(x.shape)) throw new Error('dropout masks need static shapes (training graphs)');
    const name = `dropout_mask_${this.sites.length}`;
    const mask = g.input(name, x.dtype, x.shape);
    this.sites.push({ name, shape: [...x.shape], p });
    return g.mul(x, g.mul(mask, 1 / (1 - p)));
  }
}
