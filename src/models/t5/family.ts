/** T5 as a family: an encoder-decoder, pretrained by span corruption, that maps text to text. */
import { ConfigError } from '../config-validate';
import { ARCHITECTURE_OPTIONS, configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { T5Config } from '../configs';
import { buildT5 } from './model';
import { exportT5Onnx } from './export-onnx';
import { ONNX_DECODER_MERGED, ONNX_ENCODER } from '../../modelfile/layout';


export const T5: FamilySpec = {
  modelType: 't5',
  displayName: 'T5',
  description: 'Encoder-decoder (T5): text to text; span corruption',
  kind: 'encoder-decoder',
  defaultObjective: 'span',
  pretrain: {
    span: (g, params, config, inputs, options) => {
      if (!inputs.decoderInputIds) throw new Error('T5 needs decoder input ids');
      return buildT5(g, params, configOf(config, 't5'), { ...inputs, decoderInputIds: inputs.decoderInputIds }, options).logits;
    },
  },
  tokenizer: { defaultKind: 'bpe', family: 't5' },
  tasks: { generate: false, fillMask: false, text2text: true, classify: false, promptClassify: false },
  attention: ['self', 'causal', 'cross'],
  // T5 uses relative position buckets: no context limit in its config.
  configFields: { layers: 'num_layers', decoderLayers: 'num_decoder_layers', heads: 'num_heads', width: 'd_model', vocabSize: 'vocab_size' } satisfies ConfigFieldNames<T5Config>,
  pretrainingArchitecture: 'T5ForConditionalGeneration',
  newConfigFields: ({ layers, heads, dim, context, dropout, tokenIds: ids = {} }) => {
    if (dim % heads !== 0) {
      throw new ConfigError(ARCHITECTURE_OPTIONS, 'num_heads', `--heads ${heads} does not divide --dim ${dim}: every head must get the same share of the width`);
    }
    return {
      model_type: 't5',
      num_layers: layers,
      num_decoder_layers: layers,
      num_heads: heads,
      d_model: dim,
      d_kv: dim / heads,
      d_ff: 4 * dim,
      n_positions: context,
      dropout_rate: dropout,
      pad_token_id: ids.pad ?? 0,
      eos_token_id: ids.eos ?? 1,
      decoder_start_token_id: ids.pad ?? 0,
    };
  },
  onnxFiles: [ONNX_ENCODER, ONNX_DECODER_MERGED],
  exportOnnx: (config, weights) => exportT5Onnx(configOf(config, 't5'), weights),
  publishedNames: {
    // One embedding under three names (T5Model ties them); lm_head is a copy of it only while tied.
    aliases: { 'encoder.embed_tokens.weight': 'shared.weight', 'decoder.embed_tokens.weight': 'shared.weight' },
    tiedOutput: { output: 'lm_head.weight', embeddings: 'shared.weight' },
  },
};
