/** Tiny ALBERT configurations, parameter tables, training runs and folders for tests. */
import { ALBERT_DEFAULTS, type AlbertConfig } from '../../src/models/configs';
import { GraphBuilder } from '../../src/graph';
import { buildAlbertForMaskedLM, buildAlbertForSequenceClassification } from '../../src/models/albert/model';
import { ALBERT_CLASSIFIER, exportAlbertOnnx } from '../../src/models/albert/export-onnx';
import { saveModelFolder } from '../../src/models/model-folder';
import { InputParams, type ParamSpec, type Weights } from '../../src/nn/params';
import { type PipelineTokenizer, trainTokenizer } from '../../src/tokenizer';
import { trainMlm } from './tiny-bert';

/** 3 layers run by 2 groups (layers 0, 1 → group 0; 2 → group 1) of 2 inner layers each; E = 6 < C = 12. */
export function tinyAlbertConfig(overrides: Partial<AlbertConfig> = {}): AlbertConfig {
  return {
    ...ALBERT_DEFAULTS,
    architectures: ['AlbertForMaskedLM'],
    vocab_size: 17,
    embedding_size: 6,
    hidden_size: 12,
    num_hidden_layers: 3,
    num_hidden_groups: 2,
    inner_group_num: 2,
    num_attention_heads: 3,
    intermediate_size: 20,
    max_position_embeddings: 16,
    bos_token_id: null,
    eos_token_id: null,
    ...overrides,
  };
}

/** The parameter table (HF names, shapes, initialisers) of an ALBERT masked LM or classifier, read off a throwaway build. */
export function albertParamSpecs(cfg: AlbertConfig, classifier = cfg.architectures?.includes(ALBERT_CLASSIFIER) ?? false): ParamSpec[] {
  const g = new GraphBuilder('albert_layout');
  const params = new InputParams(g);
  const inputIds = g.input('input_ids', 'int32', [1, 1]);
  (classifier ? buildAlbertForSequenceClassification : buildAlbertForMaskedLM)(g, params, cfg, { inputIds });
  return params.specs;
}

/** Trains a tiny ALBERT masked LM on `texts` with a WordPiece tokenizer trained on them. */
export async function trainTinyAlbertMlm(texts: string[], steps: number, overrides: Partial<AlbertConfig> = {}) {
  const tokenizer = trainTokenizer('wordpiece', texts, { vocabSize: 300 });
  const [B, T] = [16, 24];
  const cfg = tinyAlbertConfig({ vocab_size: tokenizer.vocabSize, embedding_size: 16, hidden_size: 32, num_attention_heads: 4, intermediate_size: 64, num_hidden_layers: 2, num_hidden_groups: 1, inner_group_num: 1, max_position_embeddings: T, ...overrides });
  return trainMlm(cfg, tokenizer, texts, steps, { B, T, peakLr: 3e-3 });
}

/** Saves `weights` (named as `cfg`'s graph names them) as a complete folder: config, tokenizer files, safetensors, onnx/model.onnx. */
export async function saveAlbertFolder(dir: string, cfg: AlbertConfig, tokenizer: PipelineTokenizer, weights: Weights): Promise<void> {
  const specs = albertParamSpecs(cfg);
  await saveModelFolder(dir, {
    config: cfg,
    weights: new Map(specs.map((s) => [s.name, { shape: s.shape, data: weights.get(s.name) as Float32Array }])),
    tokenizer,
    onnx: { 'onnx/model.onnx': exportAlbertOnnx(cfg, weights) },
  });
}
