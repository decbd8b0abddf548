/**
 * The folder a contrastive run saves: the family's base model class (`BertModel`,
 * `RobertaModel`, … in config.json's architectures; weights under the same HF names as its
 * pretraining folders, which HF loads into the base class by its base-model prefix),
 * onnx/model.onnx with the `last_hidden_state` output that transformers.js's feature-extraction
 * pipeline pools, and sentence-transformers' module files (Transformer → mean Pooling →
 * Normalize) so that `SentenceTransformer(folder)` in Python embeds as we do.
 */
import { ONNX_MODEL } from '../modelfile/layout';
import type { Weights } from '../nn/params';
import { dimensionsOf, type ModelConfig } from './configs';
import { baseModelArchitecture, isBaseModelConfig } from './base-model';
import { familyOf } from './registry';
import { hiddenStatesInferenceGraph } from './sentence-embedding';

/** The config of a sentence encoder: the same sizes, its family's base class. */
export function asSentenceEncoder(config: ModelConfig): ModelConfig {
  return { ...config, architectures: [baseModelArchitecture(familyOf(config))] };
}

/**
 * The config a run with `objective` saves: a contrastive run's is the sentence encoder's; a
 * sentence encoder continued with another objective gets back its family's pretraining class
 * (the run adds that class's head); any other config stays as it is.
 */
export function configForObjective(config: ModelConfig, objective: string): ModelConfig {
  if (objective === 'contrastive') return asSentenceEncoder(config);
  return isSentenceEncoder(config) ? { ...config, architectures: [familyOf(config).pretrainingArchitecture] } : config;
}

/** Whether a config describes a headless encoder (a contrastive run's folder). */
export function isSentenceEncoder(config: ModelConfig): boolean {
  return isBaseModelConfig(familyOf(config), config);
}

/** sentence-transformers' module list: the HF model in the folder itself, mean pooling, L2 normalisation. */
const MODULES = [
  { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
  { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
  { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
];

/** The files besides config.json, weights and tokenizer: onnx/model.onnx and sentence-transformers' four JSON files, by relative path. */
export function sentenceEncoderFiles(config: ModelConfig, weights: Weights): { onnx: Record<string, Uint8Array>; files: Record<string, Uint8Array> } {
  const { width, maxPositions } = dimensionsOf(config);
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n');
  return {
    onnx: { [ONNX_MODEL]: hiddenStatesInferenceGraph(familyOf(config), config, weights, false) },
    files: {
      'modules.json': json(MODULES),
      '1_Pooling/config.json': json({
        word_embedding_dimension: width,
        pooling_mode_cls_token: false,
        pooling_mode_mean_tokens: true,
        pooling_mode_max_tokens: false,
        pooling_mode_mean_sqrt_len_tokens: false,
        pooling_mode_weightedmean_tokens: false,
        pooling_mode_lasttoken: false,
        include_prompt: true,
      }),
      'sentence_bert_config.json': json({ max_seq_length: maxPositions ?? 512, do_lower_case: false }),
      'config_sentence_transformers.json': json({ prompts: {}, default_prompt_name: null, similarity_fn_name: 'cosine' }),
    },
  };
}
