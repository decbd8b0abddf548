import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS, MODEL_TYPES, ModelConfig, ModelType, dimensionsOf } from '../../../src/models/configs';
import { ConfigError, parseConfig } from '../../../src/models/config-validate';
import { buildConfig } from '../../../src/models/config-builder';
import { generationConfigFor, readConfig, readGenerationConfig, writeConfig, writeGenerationConfig } from '../../../src/models/config-io';
import { InputError } from '../../../src/cli/errors';

// `C().to_dict()` of transformers 5.18.0 for each config class, limited to model fields (the
// PretrainedConfig bookkeeping such as return_dict or id2label placeholders left out).
const HF_DEFAULTS: Record<ModelType, Record<string, unknown>> = {
  gpt2: {
    activation_function: 'gelu_new', add_cross_attention: false, attn_pdrop: 0.1, bos_token_id: 50256, embd_pdrop: 0.1,
    eos_token_id: 50256, initializer_range: 0.02, layer_norm_epsilon: 1e-5, model_type: 'gpt2', n_embd: 768, n_head: 12,
    n_inner: null, n_layer: 12, n_positions: 1024, pad_token_id: null, reorder_and_upcast_attn: false, resid_pdrop: 0.1,
    scale_attn_by_inverse_layer_idx: false, scale_attn_weights: true, summary_activation: null, summary_first_dropout: 0.1,
    summary_proj_to_labels: true, summary_type: 'cls_index', summary_use_proj: true, tie_word_embeddings: true,
    use_cache: true, vocab_size: 50257,
  },
  bert: {
    add_cross_attention: false, attention_probs_dropout_prob: 0.1, bos_token_id: null, classifier_dropout: null,
    eos_token_id: null, hidden_act: 'gelu', hidden_dropout_prob: 0.1, hidden_size: 768, initializer_range: 0.02,
    intermediate_size: 3072, is_decoder: false, layer_norm_eps: 1e-12, max_position_embeddings: 512, model_type: 'bert',
    num_attention_heads: 12, num_hidden_layers: 12, pad_token_id: 0, tie_word_embeddings: true, type_vocab_size: 2,
    use_cache: true, vocab_size: 30522,
  },
  roberta: {
    add_cross_attention: false, attention_probs_dropout_prob: 0.1, bos_token_id: 0, classifier_dropout: null,
    eos_token_id: 2, hidden_act: 'gelu', hidden_dropout_prob: 0.1, hidden_size: 768, initializer_range: 0.02,
    intermediate_size: 3072, is_decoder: false, layer_norm_eps: 1e-12, max_position_embeddings: 512, model_type: 'roberta',
    num_attention_heads: 12, num_hidden_layers: 12, pad_token_id: 1, tie_word_embeddings: true, type_vocab_size: 2,
    use_cache: true, vocab_size: 50265,
  },
  albert: {
    attention_probs_dropout_prob: 0, bos_token_id: 2, classifier_dropout_prob: 0.1, embedding_size: 128, eos_token_id: 3,
    hidden_act: 'gelu_new', hidden_dropout_prob: 0, hidden_size: 4096, initializer_range: 0.02, inner_group_num: 1,
    intermediate_size: 16384, layer_norm_eps: 1e-12, max_position_embeddings: 512, model_type: 'albert',
    num_attention_heads: 64, num_hidden_groups: 1, num_hidden_layers: 12, pad_token_id: 0, tie_word_embeddings: true,
    type_vocab_size: 2, vocab_size: 30000,
  },
  // transformers 4.x NezhaConfig (v5 dropped NEZHA).
  nezha: {
    add_cross_attention: false, attention_probs_dropout_prob: 0.1, bos_token_id: 2, classifier_dropout: 0.1,
    eos_token_id: 3, hidden_act: 'gelu', hidden_dropout_prob: 0.1, hidden_size: 768, initializer_range: 0.02,
    intermediate_size: 3072, is_decoder: false, layer_norm_eps: 1e-12, max_position_embeddings: 512,
    max_relative_position: 64, model_type: 'nezha', num_attention_heads: 12, num_hidden_layers: 12, pad_token_id: 0,
    tie_word_embeddings: true, type_vocab_size: 2, use_cache: true, vocab_size: 21128,
  },
  electra: {
    add_cross_attention: false, attention_probs_dropout_prob: 0.1, bos_token_id: null, classifier_dropout: null,
    embedding_size: 128, eos_token_id: null, hidden_act: 'gelu', hidden_dropout_prob: 0.1, hidden_size: 256,
    initializer_range: 0.02, intermediate_size: 1024, is_decoder: false, layer_norm_eps: 1e-12, max_position_embeddings: 512,
    model_type: 'electra', num_attention_heads: 4, num_hidden_layers: 12, pad_token_id: 0, tie_word_embeddings: true,
    type_vocab_size: 2, use_cache: true, vocab_size: 30522,
  },
  t5: {
    classifier_dropout: 0.0, d_ff: 2048, d_kv: 64, d_model: 512, dense_act_fn: 'relu', dropout_rate: 0.1, eos_token_id: 1,
    feed_forward_proj: 'relu', initializer_factor: 1.0, is_encoder_decoder: true, is_gated_act: false,
    layer_norm_epsilon: 1e-6, model_type: 't5', num_decoder_layers: 6, num_heads: 8, num_layers: 6, pad_token_id: 0,
    relative_attention_max_distance: 128, relative_attention_num_buckets: 32, tie_word_embeddings: true, use_cache: true,
    vocab_size: 32128,
  },
  // XLMConfig.__init__'s defaults (transformers/models/xlm/configuration_xlm.py).
  xlm: {
    asm: false, attention_dropout: 0.1, bos_index: 0, bos_token_id: 0, causal: false, dropout: 0.1, emb_dim: 2048,
    embed_init_std: 2048 ** -0.5, end_n_top: 5, eos_index: 1, eos_token_id: null, gelu_activation: true, init_std: 0.02,
    is_encoder: true, lang_id: 0, layer_norm_eps: 1e-12, mask_index: 5, mask_token_id: 0, max_position_embeddings: 512,
    model_type: 'xlm', n_heads: 16, n_langs: 1, n_layers: 12, pad_index: 2, pad_token_id: 2, sinusoidal_embeddings: false,
    start_n_top: 5, summary_activation: null, summary_first_dropout: 0.1, summary_proj_to_labels: true,
    summary_type: 'first', summary_use_proj: true, tie_word_embeddings: true, unk_index: 3, use_lang_emb: true,
    vocab_size: 30145,
  },
  layoutlm: {
    attention_probs_dropout_prob: 0.1, bos_token_id: null, eos_token_id: null, hidden_act: 'gelu', hidden_dropout_prob: 0.1,
    hidden_size: 768, initializer_range: 0.02, intermediate_size: 3072, layer_norm_eps: 1e-12, max_2d_position_embeddings: 1024,
    max_position_embeddings: 512, model_type: 'layoutlm', num_attention_heads: 12, num_hidden_layers: 12, pad_token_id: 0,
    tie_word_embeddings: true, type_vocab_size: 2, use_cache: true, vocab_size: 30522,
  },
};

/** The bos/eos-style fields HF keeps on PretrainedConfig rather than in to_dict of every class. */
const INHERITED_NULLS = ['bos_token_id', 'decoder_start_token_id'];

function assertConfigError(fn: () => unknown, source: string, field: string | undefined, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.ok(error instanceof InputError);
    assert.equal(error.field, field);
    assert.ok(error.message.startsWith(`${source}: `), error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

const tiny = (type: ModelType, fields: Record<string, unknown> = {}) => ({ ...buildConfig({ arch: type, vocabSize: 100, layers: 2, heads: 4, dim: 32, context: 64 }), ...fields });

describe('model configs', () => {
  describe('defaults', () => {
    for (const type of ['gpt2', 'bert', 'roberta', 'albert', 'nezha', 'electra', 't5', 'xlm', 'layoutlm'] as const) {
      it(`${type}: equal transformers' defaults field for field`, () => {
        const ours = DEFAULTS[type] as unknown as Record<string, unknown>;
        const hf = HF_DEFAULTS[type];
        for (const [field, value] of Object.entries(hf)) assert.deepEqual(ours[field], value, field);
        for (const field of Object.keys(ours)) {
          assert.ok(field in hf || INHERITED_NULLS.includes(field), `${field} is not a transformers field`);
        }
      });
    }

    it('fill absent fields when parsing, as transformers does', () => {
      const gpt2 = parseConfig({ model_type: 'gpt2', n_embd: 64, n_head: 4 }, 'c.json');
      assert.equal(gpt2.model_type === 'gpt2' && gpt2.n_layer, 12);
      const t5 = parseConfig({ model_type: 't5', num_layers: 3, decoder_start_token_id: 0, feed_forward_proj: 'gated-gelu' }, 'c.json');
      assert.ok(t5.model_type === 't5');
      assert.equal(t5.num_decoder_layers, 3, 'num_decoder_layers follows num_layers');
      assert.equal(t5.dense_act_fn, 'gelu_new', 'gated-gelu means the tanh approximation');
      assert.equal(t5.is_gated_act, true);
    });
  });

  describe('builder from command-line options', () => {
    it('sets the HF fields of each family', () => {
      const gpt2 = buildConfig({ arch: 'gpt2', vocabSize: 65, layers: 4, heads: 4, dim: 128, context: 64, dropout: 0, tokenIds: { eos: 0 } });
      assert.deepEqual(
        dimensionsOf(gpt2),
        { vocabSize: 65, width: 128, layers: 4, heads: 4, headSize: 32, mlpWidth: 512, maxPositions: 64 },
      );
      assert.ok(gpt2.model_type === 'gpt2');
      assert.deepEqual([gpt2.resid_pdrop, gpt2.embd_pdrop, gpt2.attn_pdrop], [0, 0, 0]);
      assert.deepEqual([gpt2.bos_token_id, gpt2.eos_token_id, gpt2.pad_token_id], [0, 0, null]);
      assert.deepEqual(gpt2.architectures, ['GPT2LMHeadModel']);
      assert.equal(gpt2.activation_function, 'gelu_new');

      const bert = buildConfig({ arch: 'bert', vocabSize: 1000, layers: 2, heads: 2, dim: 64, context: 128, tokenIds: { pad: 3 } });
      assert.ok(bert.model_type === 'bert');
      assert.deepEqual([bert.intermediate_size, bert.max_position_embeddings, bert.pad_token_id, bert.hidden_dropout_prob], [256, 128, 3, 0.1]);
      assert.deepEqual(bert.architectures, ['BertForMaskedLM']);

      const t5 = buildConfig({ arch: 't5', vocabSize: 500, layers: 3, heads: 4, dim: 64, context: 256, dropout: 0.05 });
      assert.ok(t5.model_type === 't5');
      assert.deepEqual([t5.d_kv, t5.d_ff, t5.num_decoder_layers, t5.decoder_start_token_id, t5.n_positions, t5.dropout_rate], [16, 256, 3, 0, 256, 0.05]);
    });

    it('names the flags in its errors', () => {
      const base = { vocabSize: 100, layers: 2, heads: 4, dim: 32, context: 64 };
      assertConfigError(() => buildConfig({ arch: 'gpt2', ...base, heads: 5 }), 'architecture options', 'n_head', /--heads 5 does not divide --dim 32/);
      assertConfigError(() => buildConfig({ arch: 't5', ...base, heads: 5 }), 'architecture options', 'num_heads', /--heads 5 does not divide --dim 32/);
      assertConfigError(() => buildConfig({ arch: 'bert', ...base, layers: 0 }), 'architecture options', 'num_hidden_layers', /--layers must be an integer from 1 to 1024, got 0/);
      assertConfigError(() => buildConfig({ arch: 'gpt2', ...base, dropout: 1 }), 'architecture options', 'resid_pdrop', /--dropout must be at least 0 and below 1, got 1/);
      assertConfigError(() => buildConfig({ arch: 'gpt2', ...base, tokenIds: { eos: 100 } }), 'architecture options', 'bos_token_id', /bos_token_id = 100 is not a token of the vocabulary \(--vocab-size 100\)/);
    });
  });

  describe('validation names the file, the field and the problem', () => {
    const file = '/m/config.json';
    const cases: [string, unknown, string | undefined, RegExp][] = [
      ['not an object', [1], undefined, /must be a JSON object, but it is a list/],
      ['missing model_type', { n_embd: 4 }, 'model_type', new RegExp(`model_type is missing; Pretrain Lab reads configs of model_type ${MODEL_TYPES.join(', ')}$`)],
      ['unknown model_type', { model_type: 'llama' }, 'model_type', new RegExp(`model_type "llama" is not supported \\(supported: ${MODEL_TYPES.join(', ')}\\)$`)],
      ['zero size', tiny('gpt2', { n_layer: 0 }), 'n_layer', /n_layer must be an integer from 1 to 1024, got 0/],
      ['negative size', tiny('bert', { hidden_size: -8 }), 'hidden_size', /hidden_size must be an integer from 1 to 65536, got -8/],
      ['fractional size', tiny('t5', { d_ff: 2.5 }), 'd_ff', /d_ff must be an integer, got 2.5/],
      ['absurd size', tiny('gpt2', { vocab_size: 1e12 }), 'vocab_size', /vocab_size must be an integer from 1 to 1048576/],
      ['wrong JSON type', tiny('gpt2', { n_head: '4' }), 'n_head', /n_head must be an integer, got "4"/],
      ['null where not allowed', tiny('bert', { num_attention_heads: null }), 'num_attention_heads', /num_attention_heads must not be null/],
      ['heads not dividing width', tiny('bert', { num_attention_heads: 3 }), 'num_attention_heads', /num_attention_heads = 3 does not divide hidden_size = 32/],
      ['unsupported activation', tiny('gpt2', { activation_function: 'mish' }), 'activation_function', /activation_function must be one of gelu, gelu_new, gelu_pytorch_tanh, relu, silu, swish, got "mish"/],
      ['bad feed_forward_proj', tiny('t5', { feed_forward_proj: 'fancy-gelu' }), 'feed_forward_proj', /feed_forward_proj = "fancy-gelu" is not supported/],
      ['inconsistent derived activation', tiny('t5', { feed_forward_proj: 'gated-gelu', dense_act_fn: 'relu' }), 'dense_act_fn', /disagree with feed_forward_proj = "gated-gelu"/],
      ['t5 without decoder start', tiny('t5', { decoder_start_token_id: null }), 'decoder_start_token_id', /decoder_start_token_id is missing; T5 starts decoding with it/],
      ['token id outside vocabulary', tiny('t5', { eos_token_id: 100 }), 'eos_token_id', /eos_token_id = 100 is not a token of the vocabulary \(vocab_size = 100\)/],
      ['probability out of range', tiny('bert', { attention_probs_dropout_prob: -0.1 }), 'attention_probs_dropout_prob', /must be at least 0 and below 1/],
      ['zero epsilon', tiny('gpt2', { layer_norm_epsilon: 0 }), 'layer_norm_epsilon', /must be above 0 and below 1/],
      ['unsupported position type', tiny('bert', { position_embedding_type: 'relative_key' }), 'position_embedding_type', /must be one of absolute, got "relative_key"/],
      ['unsupported feature', tiny('bert', { is_decoder: true }), 'is_decoder', /is_decoder must be false: Pretrain Lab does not support this feature/],
      ['degenerate relative buckets', tiny('t5', { relative_attention_max_distance: 16 }), 'relative_attention_max_distance', /must exceed half of relative_attention_num_buckets = 32/],
      ['bad id2label', tiny('bert', { id2label: { a: 'x' } }), 'id2label', /id2label must map class indices/],
      ['inconsistent labels', tiny('bert', { id2label: { 0: 'neg', 1: 'pos' }, label2id: { neg: 1, pos: 0 } }), 'label2id', /id2label and label2id do not describe the same labels/],
      ['bad architectures', tiny('gpt2', { architectures: 'GPT2LMHeadModel' }), 'architectures', /architectures must be a list of strings/],
      ['ALBERT groups beyond its layers', tiny('albert', { num_hidden_groups: 3 }), 'num_hidden_groups', /num_hidden_groups = 3 exceeds num_hidden_layers = 2: each group is a set of layers the model runs/],
      ['ALBERT heads not dividing the width', tiny('albert', { num_attention_heads: 5 }), 'num_attention_heads', /num_attention_heads = 5 does not divide hidden_size = 32/],
    ];
    for (const [title, json, field, pattern] of cases) {
      it(title, () => assertConfigError(() => parseConfig(json, file), file, field, pattern));
    }

    it('accepts consistent labels and keeps fields it does not know', () => {
      const config = parseConfig(tiny('bert', { id2label: { 0: 'neg', 1: 'pos' }, label2id: { neg: 0, pos: 1 }, custom_field: [1, 2] }), file);
      assert.deepEqual((config as unknown as Record<string, unknown>).custom_field, [1, 2]);
    });
  });

  describe('files', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    for (const type of ['gpt2', 'bert', 'roberta', 'albert', 'nezha', 'electra', 't5', 'xlm', 'layoutlm'] as const) {
      it(`${type}: round trip through config.json is exact`, async () => {
        const config: ModelConfig = { ...tiny(type), id2label: { 0: 'a', 1: 'b' }, label2id: { a: 0, b: 1 } };
        await writeConfig(dir, config);
        assert.deepEqual(await readConfig(dir), config);
        const text = readFileSync(join(dir, 'config.json'), 'utf8');
        const keys = Object.keys(JSON.parse(text));
        assert.deepEqual(keys, [...keys].sort(), 'keys are sorted as save_pretrained sorts them');
        assert.ok(text.endsWith('}\n') && text.includes('\n  "model_type"'), 'two-space indentation');
      });
    }

    it('writes float-only fields with a decimal point, as strict transformers v5 requires', async () => {
      await writeConfig(dir, tiny('t5', { initializer_factor: 1 }));
      assert.match(readFileSync(join(dir, 'config.json'), 'utf8'), /\n  "initializer_factor": 1\.0,\n/);
      await writeConfig(dir, tiny('gpt2', { initializer_range: 2 }));
      assert.match(readFileSync(join(dir, 'config.json'), 'utf8'), /\n  "initializer_range": 2\.0,\n/);
    });

    it('keeps unknown fields of a Hub config through read and write', async () => {
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...tiny('gpt2'), n_ctx: 64, transformers_version: '4.40.0' }));
      await writeConfig(dir, await readConfig(dir));
      const written = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
      assert.equal(written.n_ctx, 64);
      assert.equal(written.transformers_version, '4.40.0');
    });

    it('refuses to write an invalid config and leaves the old file', async () => {
      await writeConfig(dir, tiny('gpt2'));
      const before = readFileSync(join(dir, 'config.json'), 'utf8');
      await assert.rejects(writeConfig(dir, { ...tiny('gpt2'), n_head: 3 } as ModelConfig), /n_head = 3 does not divide n_embd = 32/);
      assert.equal(readFileSync(join(dir, 'config.json'), 'utf8'), before);
    });

    it('reports a missing or malformed config.json naming it', async () => {
      await assert.rejects(readConfig(dir), (e: Error) => e instanceof InputError && e.message === `${dir} is not a model folder: it has no config.json`);
      writeFileSync(join(dir, 'config.json'), '{"model_type": "gpt2",');
      await assert.rejects(readConfig(dir), (e: Error) => e instanceof InputError && e.message.startsWith(`${join(dir, 'config.json')}: is not valid JSON (`));
      writeFileSync(join(dir, 'config.json'), '\uFEFF' + JSON.stringify(tiny('bert')));
      assert.equal((await readConfig(dir)).model_type, 'bert', 'a byte-order mark is tolerated');
    });

    it('writes the generation config transformers derives from the model config', async () => {
      assert.deepEqual(generationConfigFor(tiny('gpt2', { bos_token_id: 5, eos_token_id: 5 }) as ModelConfig), { _from_model_config: true, bos_token_id: 5, eos_token_id: 5 });
      assert.deepEqual(generationConfigFor(tiny('t5') as ModelConfig), { _from_model_config: true, eos_token_id: 1, pad_token_id: 0, decoder_start_token_id: 0 });
      assert.equal(generationConfigFor(tiny('bert') as ModelConfig), undefined);
      assert.equal(await readGenerationConfig(dir), undefined);
      await writeGenerationConfig(dir, { ...generationConfigFor(tiny('t5') as ModelConfig)!, max_new_tokens: 20 });
      assert.deepEqual(await readGenerationConfig(dir), { _from_model_config: true, decoder_start_token_id: 0, eos_token_id: 1, max_new_tokens: 20, pad_token_id: 0 });
      assert.deepEqual(readdirSync(dir), ['generation_config.json']);
    });
  });
});
