/**
 * Published-layout fixtures: a tiny folder of ours for each of gpt2, distilgpt2,
 * bert-base-uncased, roberta-base, t5-small, albert-base-v2 and google/electra-small-discriminator,
 * and the same weights written again in the layout that checkpoint has on the Hub — its
 * parameter names (with or without the base prefix, legacy `gamma`/`beta`, tied copies stored
 * or left out, buffers, heads we never run), its dtype, its shards and the fields of its real
 * config.json. Our folder holds the weights rounded to the published dtype, so both folders
 * describe one model and every output must agree.
 */
import { mkdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { GraphBuilder } from '../../src/graph';
import { InputParams, type ParamSpec } from '../../src/nn/params';
import type { ModelConfig } from '../../src/models/configs';
import { familyOf } from '../../src/models/registry';
import { saveModelFolder, type ShapedWeights } from '../../src/models/model-folder';
import { buildGpt2 } from '../../src/models/gpt2/model';
import { buildBertForMaskedLM } from '../../src/models/bert/model';
import { buildRobertaForMaskedLM } from '../../src/models/roberta/model';
import { buildAlbertForMaskedLM } from '../../src/models/albert/model';
import { buildElectraForPreTraining } from '../../src/models/electra/model';
import { t5ParamSpecs } from '../../src/models/t5/model';
import { CONFIG_FILE, SPECIAL_TOKENS_MAP_FILE, TOKENIZER_CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE, WEIGHTS_INDEX_FILE } from '../../src/modelfile/layout';
import { float32ArrayToBfloat16, float32ArrayToFloat16, bfloat16ArrayToFloat32, float16ArrayToFloat32, writeSafetensors, type Tensor } from '../../src/modelfile/safetensors';
import { trainTokenizer } from '../../src/tokenizer';
import { tinyGpt2Config } from './tiny-gpt2';
import { tinyBertConfig } from './tiny-bert';
import { tinyRobertaConfig } from './tiny-roberta';
import { tinyAlbertConfig } from './tiny-albert';
import { tinyElectraConfig } from './tiny-electra';
import { tinyT5Config } from './tiny-t5';
import { randomWeights } from './tiny-electra';

export const PUBLISHED_MODELS = ['gpt2', 'distilgpt2', 'bert-base-uncased', 'roberta-base', 't5-small', 'albert-base-v2', 'google/electra-small-discriminator'] as const;
export type PublishedModel = (typeof PUBLISHED_MODELS)[number];

type StoredDtype = 'F32' | 'F16' | 'BF16';

interface Layout {
  /** Our tiny config of the same architecture, its vocabulary the tokenizer's. */
  config(vocabSize: number, eos?: number): ModelConfig;
  dtype: StoredDtype;
  /** How many safetensors files (1: model.safetensors; more: shards with the index). */
  shards: number;
  /** Our tensors (by our names) → the published checkpoint's tensors (by its names). */
  tensors(ours: Map<string, Tensor>, config: ModelConfig): Map<string, Tensor>;
  /** Fields of the real config.json that ours does not write (kept as they are on the Hub) and ours that it lacks. */
  extraFields: Record<string, unknown>;
  omittedFields: readonly string[];
}

const TEXTS = [
  'the cat sat on the mat and the dog sat on the log .',
  'a bird sang in the tree while the sun rose over the hill .',
  'the quick brown fox jumps over the lazy dog again and again .',
  'we read the book , then we wrote a story about the sea .',
];

const f32 = (shape: number[], values: (i: number) => number): Tensor => {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = values(i);
  return { dtype: 'F32', shape, data };
};
/** A tensor our graphs never read: its values must not matter. */
const unused = (shape: number[]) => f32(shape, (i) => Math.sin(i + 1) * 0.3);
const positionIds = (positions: number): Tensor => ({ dtype: 'I64', shape: [1, positions], data: BigInt64Array.from({ length: positions }, (_, i) => BigInt(i)) });

function renamed(ours: Map<string, Tensor>, rename: (name: string) => string): Map<string, Tensor> {
  return new Map([...ours].map(([name, t]) => [rename(name), t]));
}

/** The causal-mask buffers of transformers < 4.31: `attn.bias` (1, 1, P, P) lower-triangular ones and `attn.masked_bias` −1e4. */
function gpt2Buffers(out: Map<string, Tensor>, config: ModelConfig, prefix: string): void {
  const { n_layer: layers, n_positions: P } = config as Extract<ModelConfig, { model_type: 'gpt2' }>;
  for (let i = 0; i < layers; i++) {
    out.set(`${prefix}h.${i}.attn.bias`, f32([1, 1, P, P], (k) => (k % P <= Math.floor(k / P) ? 1 : 0)));
    out.set(`${prefix}h.${i}.attn.masked_bias`, f32([], () => -1e4));
  }
}

const GPT2_EXTRA = {
  n_ctx: 64,
  summary_activation: null,
  summary_first_dropout: 0.1,
  summary_proj_to_labels: true,
  summary_type: 'cls_index',
  summary_use_proj: true,
  task_specific_params: { 'text-generation': { do_sample: true, max_length: 50 } },
};

const LAYOUTS: Record<PublishedModel, Layout> = {
  // GPT2Model as saved by the original conversion: no `transformer.` prefix, no lm_head, mask buffers; no pad_token_id.
  gpt2: {
    config: (vocab, eos = 0) => tinyGpt2Config({ vocab_size: vocab, n_positions: 64, n_embd: 16, n_head: 2, bos_token_id: eos, eos_token_id: eos, architectures: ['GPT2LMHeadModel'] }),
    dtype: 'F32',
    shards: 1,
    tensors(ours, config) {
      const out = renamed(ours, (n) => n.replace(/^transformer\./, ''));
      gpt2Buffers(out, config, '');
      return out;
    },
    extraFields: GPT2_EXTRA,
    omittedFields: ['pad_token_id', 'tie_word_embeddings', 'torch_dtype'],
  },
  // GPT2LMHeadModel in float16 whose tied weight is stored once, under lm_head.weight.
  distilgpt2: {
    config: (vocab, eos = 0) => tinyGpt2Config({ vocab_size: vocab, n_positions: 64, n_embd: 16, n_head: 2, n_layer: 1, bos_token_id: eos, eos_token_id: eos, architectures: ['GPT2LMHeadModel'] }),
    dtype: 'F16',
    shards: 1,
    tensors(ours, config) {
      const out = new Map(ours);
      out.set('lm_head.weight', out.get('transformer.wte.weight')!);
      out.delete('transformer.wte.weight');
      gpt2Buffers(out, config, 'transformer.');
      return out;
    },
    extraFields: { ...GPT2_EXTRA, _num_labels: 1, id2label: { 0: 'LABEL_0' }, label2id: { LABEL_0: 0 } },
    omittedFields: ['pad_token_id', 'tie_word_embeddings', 'torch_dtype'],
  },
  // BertForPreTraining's checkpoint (TF conversion): LayerNorm gamma/beta, pooler, NSP head, the tied decoder stored, position_ids.
  'bert-base-uncased': {
    config: (vocab) => tinyBertConfig({ vocab_size: vocab, max_position_embeddings: 32, architectures: ['BertForMaskedLM'] }),
    dtype: 'F32',
    shards: 1,
    tensors(ours, config) {
      const out = renamed(ours, (n) => n.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma').replace(/LayerNorm\.bias$/, 'LayerNorm.beta'));
      const H = (config as Extract<ModelConfig, { model_type: 'bert' }>).hidden_size;
      out.set('bert.pooler.dense.weight', unused([H, H]));
      out.set('bert.pooler.dense.bias', unused([H]));
      out.set('cls.predictions.decoder.weight', ours.get('bert.embeddings.word_embeddings.weight')!);
      out.set('cls.seq_relationship.weight', unused([2, H]));
      out.set('cls.seq_relationship.bias', unused([2]));
      out.set('bert.embeddings.position_ids', positionIds(32));
      return out;
    },
    extraFields: { gradient_checkpointing: false, position_embedding_type: 'absolute', transformers_version: '4.6.0.dev0', use_cache: true },
    omittedFields: ['tie_word_embeddings', 'torch_dtype'],
  },
  // RobertaForMaskedLM in shards: lm_head.decoder stored (weight tied, bias = lm_head.bias), a pooler, position_ids.
  'roberta-base': {
    config: (vocab) => tinyRobertaConfig({ vocab_size: vocab, max_position_embeddings: 34 }),
    dtype: 'F32',
    shards: 3,
    tensors(ours, config) {
      const out = new Map(ours);
      const H = (config as Extract<ModelConfig, { model_type: 'roberta' }>).hidden_size;
      out.set('lm_head.decoder.weight', ours.get('roberta.embeddings.word_embeddings.weight')!);
      out.set('lm_head.decoder.bias', ours.get('lm_head.bias')!);
      out.set('roberta.pooler.dense.weight', unused([H, H]));
      out.set('roberta.pooler.dense.bias', unused([H]));
      out.set('roberta.embeddings.position_ids', positionIds(34));
      return out;
    },
    extraFields: { transformers_version: '4.6.0.dev0', use_cache: true },
    omittedFields: ['tie_word_embeddings', 'torch_dtype'],
  },
  // T5ForConditionalGeneration: the embedding under all of its names and as lm_head; config without feed_forward_proj.
  't5-small': {
    config: (vocab) => tinyT5Config({ vocab_size: vocab, eos_token_id: 1, pad_token_id: 0, decoder_start_token_id: 0 }),
    dtype: 'F32',
    shards: 1,
    tensors(ours) {
      const out = new Map(ours);
      const shared = ours.get('shared.weight')!;
      for (const copy of ['encoder.embed_tokens.weight', 'decoder.embed_tokens.weight', 'lm_head.weight']) out.set(copy, shared);
      return out;
    },
    extraFields: { n_positions: 512, output_past: true, is_encoder_decoder: true, task_specific_params: { translation_en_to_de: { prefix: 'translate English to German: ' } } },
    omittedFields: ['feed_forward_proj', 'dense_act_fn', 'is_gated_act', 'num_decoder_layers', 'tie_word_embeddings', 'torch_dtype'],
  },
  // AlbertForMaskedLM in bfloat16: predictions.decoder stored, a pooler, position_ids; the v2 config's extra fields.
  'albert-base-v2': {
    config: (vocab) => tinyAlbertConfig({ vocab_size: vocab, max_position_embeddings: 32, hidden_act: 'gelu_new' }),
    dtype: 'BF16',
    shards: 1,
    tensors(ours, config) {
      const out = new Map(ours);
      const H = (config as Extract<ModelConfig, { model_type: 'albert' }>).hidden_size;
      out.set('predictions.decoder.weight', ours.get('albert.embeddings.word_embeddings.weight')!);
      out.set('predictions.decoder.bias', ours.get('predictions.bias')!);
      out.set('albert.pooler.weight', unused([H, H]));
      out.set('albert.pooler.bias', unused([H]));
      out.set('albert.embeddings.position_ids', positionIds(32));
      return out;
    },
    extraFields: { down_scale_factor: 1, gap_size: 0, net_structure_type: 0, num_memory_blocks: 0, classifier_dropout_prob: 0.1 },
    omittedFields: ['tie_word_embeddings', 'torch_dtype'],
  },
  // ElectraForPreTraining (the discriminator) with position_ids.
  'google/electra-small-discriminator': {
    config: (vocab) => tinyElectraConfig({ vocab_size: vocab, max_position_embeddings: 32 }),
    dtype: 'F32',
    shards: 1,
    tensors(ours) {
      const out = new Map(ours);
      out.set('electra.embeddings.position_ids', positionIds(32));
      return out;
    },
    extraFields: { summary_activation: 'gelu', summary_last_dropout: 0.1, summary_type: 'first', summary_use_proj: true, transformers_version: '4.6.0.dev0' },
    omittedFields: ['tie_word_embeddings', 'torch_dtype'],
  },
};

/** Our parameter table of the class the published checkpoint is (its pretraining head). */
function ourParamSpecs(config: ModelConfig): ParamSpec[] {
  if (config.model_type === 't5') return t5ParamSpecs(config);
  const g = new GraphBuilder('published_layout');
  const params = new InputParams(g);
  const inputIds = g.input('input_ids', 'int32', [1, 1]);
  switch (config.model_type) {
    case 'gpt2':
      buildGpt2(g, params, config, { inputIds });
      break;
    case 'bert':
      buildBertForMaskedLM(g, params, config, { inputIds });
      break;
    case 'roberta':
      buildRobertaForMaskedLM(g, params, config, { inputIds });
      break;
    case 'albert':
      buildAlbertForMaskedLM(g, params, config, { inputIds });
      break;
    case 'electra':
      buildElectraForPreTraining(g, params, config, { inputIds });
      break;
    default:
      throw new Error(`no published layout for ${config.model_type}`);
  }
  return params.specs;
}

/** `values` as the published dtype stores them (float32 values that round-trip exactly). */
function roundedTo(dtype: StoredDtype, values: Float32Array): Float32Array {
  if (dtype === 'F16') return float16ArrayToFloat32(float32ArrayToFloat16(values));
  if (dtype === 'BF16') return bfloat16ArrayToFloat32(float32ArrayToBfloat16(values));
  return values;
}

function storedAs(dtype: StoredDtype, tensor: Tensor): Tensor {
  if (tensor.dtype !== 'F32' || dtype === 'F32') return tensor;
  return { dtype, shape: tensor.shape, data: dtype === 'F16' ? float32ArrayToFloat16(tensor.data) : float32ArrayToBfloat16(tensor.data) };
}

export interface PublishedPair {
  model: PublishedModel;
  /** Our folder: our names, float32 (rounded to the published dtype), our config.json. */
  ours: string;
  /** The same model in the published layout. */
  published: string;
  config: ModelConfig;
}

/** Writes our folder and the published one for `model` under `root`. */
export async function makePublishedPair(model: PublishedModel, root: string, seed = 5): Promise<PublishedPair> {
  const layout = LAYOUTS[model];
  const probe = familyOf(layout.config(16));
  const tokenizer = trainTokenizer(probe.tokenizer.defaultKind, TEXTS.map((t) => t.repeat(2)), { family: probe.tokenizer.family, vocabSize: probe.tokenizer.defaultKind === 'bpe' ? 420 : 120 });
  const config = layout.config(tokenizer.vocabSize, tokenizer.specialTokenIds.eos);
  const specs = ourParamSpecs(config);
  const random = randomWeights(specs, seed);
  const weights: ShapedWeights = new Map(specs.map((s) => [s.name, { shape: s.shape, data: roundedTo(layout.dtype, random.get(s.name) as Float32Array) }]));
  const ours = path.join(root, 'ours', model);
  await saveModelFolder(ours, { config, weights, tokenizer });

  const published = path.join(root, 'published', model);
  await mkdir(published, { recursive: true });
  for (const file of [TOKENIZER_FILE, TOKENIZER_CONFIG_FILE, SPECIAL_TOKENS_MAP_FILE]) await copyFile(path.join(ours, file), path.join(published, file));
  const ourConfig = JSON.parse(await readFile(path.join(ours, CONFIG_FILE), 'utf8')) as Record<string, unknown>;
  for (const field of layout.omittedFields) delete ourConfig[field];
  await writeFile(path.join(published, CONFIG_FILE), JSON.stringify({ ...layout.extraFields, ...ourConfig }, null, 2));

  const ourTensors = new Map<string, Tensor>([...weights].map(([name, t]) => [name, { dtype: 'F32', shape: t.shape, data: t.data }]));
  const tensors = [...layout.tensors(ourTensors, config)].map(([name, t]) => [name, storedAs(layout.dtype, t)] as const);
  await writeShards(published, tensors, layout.shards);
  return { model, ours, published, config };
}

/** model.safetensors, or `count` shards named as transformers names them plus the index. */
async function writeShards(dir: string, tensors: (readonly [string, Tensor])[], count: number): Promise<void> {
  if (count === 1) return writeSafetensors(path.join(dir, WEIGHTS_FILE), new Map(tensors), { format: 'pt' });
  const weightMap: Record<string, string> = {};
  for (let shard = 0; shard < count; shard++) {
    const file = `model-${String(shard + 1).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.safetensors`;
    const part = tensors.filter((_, i) => i % count === shard);
    for (const [name] of part) weightMap[name] = file;
    await writeSafetensors(path.join(dir, file), new Map(part), { format: 'pt' });
  }
  await writeFile(path.join(dir, WEIGHTS_INDEX_FILE), JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }, null, 2));
}
