/**
 * Reading a graph's metric outputs as named numbers. A metric is a scalar, or a vector of
 * per-item counts (one per label, for classification) read as `name.0`, `name.1`, …: one output
 * per vector instead of one per item keeps graphs with thousands of labels quick to build, load
 * into ONNX Runtime and run, and sums are kept as vectors so that an evaluation over many
 * batches costs one add per item, not one named entry per item per batch.
 */
import type { TensorData } from '../../graph';

/** Each metric output's values: one for a scalar, L for a per-label vector. */
export type MetricVectors = Record<string, ArrayLike<number>>;

export function metricVectors(out: Readonly<Record<string, TensorData>>, names: readonly string[]): MetricVectors {
  return Object.fromEntries(names.map((name) => [name, out[name].data as ArrayLike<number>]));
}

/** Metric outputs summed over batches. */
export class MetricSums {
  private readonly sums = new Map<string, Float64Array>();

  add(vectors: MetricVectors): void {
    for (const [name, values] of Object.entries(vectors)) {
      let sum = this.sums.get(name);
      if (!sum) this.sums.set(name, (sum = new Float64Array(values.length)));
      for (let i = 0; i < values.length; i++) sum[i] += Number(values[i]);
    }
  }

  /** The sums as the loop reports them: `name` for a scalar, `name.i` for item i of a vector. */
  values(scale = 1): Record<string, number> {
    const values: Record<string, number> = {};
    for (const [name, sum] of this.sums) {
      if (sum.length === 1) values[name] = sum[0] * scale;
      else for (let i = 0; i < sum.length; i++) values[`${name}.${i}`] = sum[i] * scale;
    }
    return values;
  }
}

/** One run's metrics, named as MetricSums.values names them. */
export function metricValues(out: Readonly<Record<string, TensorData>>, names: readonly string[]): Record<string, number> {
  const sums = new MetricSums();
  sums.add(metricVectors(out, names));
  return sums.values();
}
