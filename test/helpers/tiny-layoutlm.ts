/** Tiny LayoutLM configurations and parameter tables for tests. */
import { LAYOUTLM_DEFAULTS, type LayoutLMConfig } from '../../src/models/configs';
import { GraphBuilder } from '../../src/graph';
import { buildLayoutLmForMaskedLM, buildLayoutLmForSequenceClassification } from '../../src/models/layoutlm/model';
import { InputParams, type ParamSpec } from '../../src/nn/params';

export function tinyLayoutLmConfig(overrides: Partial<LayoutLMConfig> = {}): LayoutLMConfig {
  return {
    ...LAYOUTLM_DEFAULTS,
    architectures: ['LayoutLMForMaskedLM'],
    vocab_size: 17,
    hidden_size: 12,
    num_hidden_layers: 2,
    num_attention_heads: 3,
    intermediate_size: 20,
    max_position_embeddings: 16,
    hidden_dropout_prob: 0,
    attention_probs_dropout_prob: 0,
    pad_token_id: 1,
    bos_token_id: 0,
    eos_token_id: 2,
    ...overrides,
  };
}

/** The parameter table (HF names, shapes, initialisers) of a LayoutLM masked LM or classifier, read off a throwaway build. */
export function layoutlmParamSpecs(cfg: LayoutLMConfig, classifier = false): ParamSpec[] {
  const g = new GraphBuilder('layoutlm_layout');
  const params = new InputParams(g);
  const inputIds = g.input('input_ids', 'int32', [1, 1]);
  const bbox = g.input('bbox', 'int32', [1, 1, 4]);
  (classifier ? buildLayoutLmForSequenceClassification : buildLayoutLmForMaskedLM)(g, params, cfg, { inputIds, bbox });
  return params.specs;
}
