/**
 * LayoutLM's config.json as HF's LayoutLMConfig reads it, and the one-line refusals of a config
 * whose 2-D tables cannot hold LayoutLM's 0–1000 boxes or whose heads do not divide the width;
 * a new model's config from the command line.
 */
import assert from 'node:assert/strict';
import { buildConfig } from '../../../src/models/config-builder';
import { ConfigError, parseConfig } from '../../../src/models/config-validate';

describe('LayoutLM config', () => {
  it('fills HF defaults (1024 rows per 2-D table) for a Hub-style config', () => {
    const config = parseConfig({ model_type: 'layoutlm', hidden_size: 64, num_attention_heads: 4 }, 'config.json');
    assert.ok(config.model_type === 'layoutlm');
    assert.deepEqual([config.max_2d_position_embeddings, config.pad_token_id, config.type_vocab_size, config.num_hidden_layers], [1024, 0, 2, 12]);
  });

  it('refuses 2-D tables too small for boxes up to 1000, and heads that do not divide the width, in one line', () => {
    assert.throws(() => parseConfig({ model_type: 'layoutlm', max_2d_position_embeddings: 512 }, 'config.json'), (e: Error) => e instanceof ConfigError && /^config\.json: max_2d_position_embeddings must be an integer from 1001 to \d+, got 512$/.test(e.message));
    assert.throws(() => parseConfig({ model_type: 'layoutlm', hidden_size: 30, num_attention_heads: 4 }, 'config.json'), (e: Error) => e instanceof ConfigError && /does not divide/.test(e.message));
  });

  it('builds a new model\'s config from the command line with the tokenizer\'s ids', () => {
    const config = buildConfig({ arch: 'layoutlm', vocabSize: 300, layers: 2, heads: 2, dim: 32, context: 64, tokenIds: { pad: 1, bos: 0, eos: 2 } });
    assert.ok(config.model_type === 'layoutlm');
    assert.deepEqual(config.architectures, ['LayoutLMForMaskedLM']);
    assert.deepEqual([config.pad_token_id, config.bos_token_id, config.eos_token_id, config.max_position_embeddings, config.max_2d_position_embeddings], [1, 0, 2, 64, 1024]);
  });
});
