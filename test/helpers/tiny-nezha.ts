/** Tiny NEZHA configurations and parameter tables for tests. */
import { GraphBuilder } from '../../src/graph';
import { NEZHA_DEFAULTS, type NezhaConfig } from '../../src/models/configs';
import { buildNezhaForMaskedLM, buildNezhaForSequenceClassification } from '../../src/models/nezha/model';
import { initialWeights, InputParams, type ParamSpec, type Weights } from '../../src/nn/params';
import { tinyBertConfig } from './tiny-bert';

/** Clipping at 3 relative positions, so rows of 6+ tokens reach the clipped distances. */
export function tinyNezhaConfig(overrides: Partial<NezhaConfig> = {}): NezhaConfig {
  const { model_type: _bert, ...sizes } = tinyBertConfig();
  return { ...NEZHA_DEFAULTS, ...sizes, architectures: ['NezhaForMaskedLM'], max_relative_position: 3, bos_token_id: null, eos_token_id: null, ...overrides };
}

/** The parameter table (HF names, shapes, initialisers) of a NEZHA masked LM or classifier, read off a throwaway build. */
export function nezhaParamSpecs(cfg: NezhaConfig, classifier = false): ParamSpec[] {
  const g = new GraphBuilder('nezha_layout');
  const params = new InputParams(g);
  const inputIds = g.input('input_ids', 'int32', [1, 1]);
  (classifier ? buildNezhaForSequenceClassification : buildNezhaForMaskedLM)(g, params, cfg, { inputIds });
  return params.specs;
}

/** Random weights with non-trivial LayerNorm gains and biases (HF's ones/zeros would hide a swapped pair). */
export function wideRandomWeights(specs: ParamSpec[], seed: number): Weights {
  const wide = specs.map((s) => ({ ...s, init: { kind: 'normal', std: s.init.kind === 'normal' ? 0.4 : 0.3 } as const }));
  const weights = initialWeights(wide, seed);
  for (const s of specs) if (/LayerNorm\.weight$/.test(s.name)) weights.set(s.name, weights.get(s.name)!.map((x) => 1 + x));
  return weights;
}
