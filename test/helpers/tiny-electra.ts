/** Tiny ELECTRA configurations and a graph runner on HF-named weights, for tests. */
import { GraphBuilder, type TensorData, type Value, writeOnnx } from '../../src/graph';
import type { ElectraConfig } from '../../src/models/electra/config';
import { InputParams, initialWeights, type ParamSpec, type Weights } from '../../src/nn/params';
import { RuntimeSession } from '../../src/runtime';
import { tinyBertConfig } from './tiny-bert';

/** Embeddings 6 wide under a 12-wide discriminator, so embeddings_project is exercised. */
export function tinyElectraConfig(overrides: Partial<ElectraConfig> = {}): ElectraConfig {
  const { model_type: _bert, ...sizes } = tinyBertConfig({ vocab_size: 17, hidden_size: 12, num_attention_heads: 3, intermediate_size: 20 });
  return { ...sizes, model_type: 'electra', architectures: ['ElectraForPreTraining'], embedding_size: 6, ...overrides };
}

/** Random weights with non-trivial LayerNorm gains and biases (HF's ones/zeros would hide a swapped pair). */
export function randomWeights(specs: ParamSpec[], seed: number, dtype: 'float32' | 'float64' = 'float32'): Weights {
  const wide = specs.map((s) => ({ ...s, init: { kind: 'normal', std: s.init.kind === 'normal' ? 0.4 : 0.3 } as const }));
  const weights = initialWeights(wide, seed, dtype);
  for (const s of specs) if (/LayerNorm\.weight$/.test(s.name)) weights.set(s.name, weights.get(s.name)!.map((x) => 1 + x));
  return weights;
}

/** Builds a graph whose parameters are inputs, runs it once on random weights; returns outputs, weights and the parameter table. */
export async function runWithRandomWeights(build: (g: GraphBuilder, params: InputParams) => Record<string, Value>, feeds: Record<string, TensorData>, seed: number) {
  const g = new GraphBuilder('electra_test');
  const params = new InputParams(g);
  for (const [name, v] of Object.entries(build(g, params))) g.output(v, name);
  const weights = randomWeights(params.specs, seed);
  const session = await RuntimeSession.create(writeOnnx(g.graph));
  try {
    const all = { ...feeds };
    for (const s of params.specs) all[s.name] = { dtype: 'float32', shape: s.shape, data: weights.get(s.name)! };
    return { out: await session.run(all), weights, specs: params.specs };
  } finally {
    await session.release();
  }
}

export const int32 = (m: number[][]): TensorData => ({ dtype: 'int32', shape: [m.length, m[0].length], data: Int32Array.from(m.flat()) });
