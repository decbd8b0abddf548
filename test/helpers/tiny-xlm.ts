/** Tiny XLM configurations (two languages: code and text), parameter tables, training runs and folders for tests. */
import { GraphBuilder } from '../../src/graph';
import { XLM_DEFAULTS, type XlmConfig } from '../../src/models/configs';
import { saveModelFolder } from '../../src/models/model-folder';
import { exportXlmOnnx, XLM_CLASSIFIER } from '../../src/models/xlm/export-onnx';
import { xlmLanguageFields } from '../../src/models/xlm/languages';
import { buildXlmForSequenceClassification, buildXlmWithLMHead } from '../../src/models/xlm/model';
import { InputParams, type ParamSpec, type Weights } from '../../src/nn/params';
import { type PipelineTokenizer, trainTokenizer } from '../../src/tokenizer';
import { trainMlm } from './tiny-bert';

/** 2 layers, width 16, 4 heads, 16 positions, vocabulary 40, code and text, no dropout; XLM's own special ids. */
export function tinyXlmConfig(overrides: Partial<XlmConfig> = {}): XlmConfig {
  return {
    ...XLM_DEFAULTS,
    ...xlmLanguageFields(),
    architectures: ['XLMWithLMHeadModel'],
    vocab_size: 40,
    emb_dim: 16,
    n_layers: 2,
    n_heads: 4,
    max_position_embeddings: 16,
    embed_init_std: 0.25,
    dropout: 0,
    attention_dropout: 0,
    mask_index: 4,
    mask_token_id: 4,
    eos_token_id: 1,
    ...overrides,
  };
}

/** The parameter table (HF names, shapes, initialisers) of an XLM masked LM or classifier, read off a throwaway build. */
export function xlmParamSpecs(cfg: XlmConfig, classifier = cfg.architectures?.includes(XLM_CLASSIFIER) ?? false): ParamSpec[] {
  const g = new GraphBuilder('xlm_layout');
  const params = new InputParams(g);
  const inputIds = g.input('input_ids', 'int32', [1, 1]);
  (classifier ? buildXlmForSequenceClassification : buildXlmWithLMHead)(g, params, cfg, { inputIds });
  return params.specs;
}

/** Trains a tiny XLM masked LM on `texts` with an XLM-convention byte-level BPE trained on them. */
export async function trainTinyXlmMlm(texts: string[], steps: number, overrides: Partial<XlmConfig> = {}) {
  const tokenizer = trainTokenizer('bpe', texts, { family: 'xlm', vocabSize: 300 });
  const ids = tokenizer.specialTokenIds;
  const [B, T] = [16, 24];
  const cfg = tinyXlmConfig({
    vocab_size: tokenizer.vocabSize, emb_dim: 32, max_position_embeddings: T, embed_init_std: 32 ** -0.5,
    bos_index: ids.bos, eos_index: ids.eos, pad_index: ids.pad, unk_index: ids.unk, mask_index: ids.mask, mask_token_id: ids.mask,
    pad_token_id: ids.pad ?? null, bos_token_id: ids.bos ?? null, eos_token_id: ids.eos ?? null,
    ...overrides,
  });
  return trainMlm(cfg, tokenizer, texts, steps, { B, T, peakLr: 3e-3 });
}

/** Saves `weights` (named as `cfg`'s graph names them) as a complete folder: config, tokenizer files, safetensors, onnx/model.onnx. */
export async function saveXlmFolder(dir: string, cfg: XlmConfig, tokenizer: PipelineTokenizer, weights: Weights): Promise<void> {
  await saveModelFolder(dir, {
    config: cfg,
    weights: new Map(xlmParamSpecs(cfg).map((s) => [s.name, { shape: s.shape, data: weights.get(s.name) as Float32Array }])),
    tokenizer,
    onnx: { 'onnx/model.onnx': exportXlmOnnx(cfg, weights) },
  });
}
