/** Tiny RoBERTa configurations, parameter tables, training runs and folders for tests. */
import { ROBERTA_DEFAULTS, type RobertaConfig } from '../../src/models/configs';
import { GraphBuilder } from '../../src/graph';
import { buildRobertaForMaskedLM, buildRobertaForSequenceClassification } from '../../src/models/roberta/model';
import { InputParams, type ParamSpec } from '../../src/nn/params';
import { exportRobertaOnnx } from '../../src/models/roberta/export-onnx';
import { saveModelFolder } from '../../src/models/model-folder';
import type { Weights } from '../../src/nn/params';
import { type PipelineTokenizer, trainTokenizer } from '../../src/tokenizer';
import { tinyBertConfig, trainMlm } from './tiny-bert';

export function tinyRobertaConfig(overrides: Partial<RobertaConfig> = {}): RobertaConfig {
  const { model_type: _bert, ...sizes } = tinyBertConfig();
  return {
    ...ROBERTA_DEFAULTS,
    ...sizes,
    architectures: ['RobertaForMaskedLM'],
    pad_token_id: 1,
    bos_token_id: 0,
    eos_token_id: 2,
    type_vocab_size: 1,
    // Positions pad + 1 … pad + 14.
    max_position_embeddings: 16,
    ...overrides,
  };
}

/** The parameter table (HF names, shapes, initialisers) of a RoBERTa masked LM or classifier, read off a throwaway build. */
export function robertaParamSpecs(cfg: RobertaConfig, classifier = false): ParamSpec[] {
  const g = new GraphBuilder('roberta_layout');
  const params = new InputParams(g);
  const inputIds = g.input('input_ids', 'int32', [1, 1]);
  (classifier ? buildRobertaForSequenceClassification : buildRobertaForMaskedLM)(g, params, cfg, { inputIds });
  return params.specs;
}

/** Trains a tiny RoBERTa masked LM on `texts` with a RoBERTa byte-level BPE trained on them. */
export async function trainTinyRobertaMlm(texts: string[], steps: number, overrides: Partial<RobertaConfig> = {}) {
  const tokenizer = trainTokenizer('bpe', texts, { family: 'roberta', vocabSize: 300 });
  const [B, T] = [16, 24];
  const cfg = tinyRobertaConfig({ vocab_size: tokenizer.vocabSize, hidden_size: 32, num_attention_heads: 4, intermediate_size: 64, max_position_embeddings: T + 2, ...overrides });
  return trainMlm(cfg, tokenizer, texts, steps, { B, T, peakLr: 3e-3 });
}

/** Saves `weights` (named as `cfg`'s graph names them) as a complete folder: config, tokenizer files, safetensors, onnx/model.onnx. */
export async function saveRobertaFolder(dir: string, cfg: RobertaConfig, tokenizer: PipelineTokenizer, weights: Weights): Promise<void> {
  const specs = robertaParamSpecs(cfg, cfg.architectures?.includes('RobertaForSequenceClassification'));
  await saveModelFolder(dir, {
    config: cfg,
    weights: new Map(specs.map((s) => [s.name, { shape: s.shape, data: weights.get(s.name) as Float32Array }])),
    tokenizer,
    onnx: { 'onnx/model.onnx': exportRobertaOnnx(cfg, weights) },
  });
}
