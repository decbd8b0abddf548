/** Names of checkpoints as the Hub publishes them, mapped onto ours by each family's PublishedNames. */
import assert from 'node:assert/strict';
import { normalizePublishedNames } from '../../../src/models/published-names';
import { familyFor } from '../../../src/models/registry';
import { tinyBertConfig } from '../../helpers/tiny-bert';
import { tinyGpt2Config } from '../../helpers/tiny-gpt2';
import { tinyT5Config } from '../../helpers/tiny-t5';
import type { ModelConfig } from '../../../src/models/configs';

const normalize = (config: ModelConfig, names: string[]) => normalizePublishedNames(new Map(names.map((n) => [n, n])), config, familyFor(config.model_type).publishedNames);

describe('normalizePublishedNames', () => {
  it('prefixes a base-class checkpoint (BertModel) and renames legacy gamma/beta', () => {
    const out = normalize(tinyBertConfig(), ['embeddings.LayerNorm.gamma', 'embeddings.LayerNorm.beta', 'encoder.layer.0.output.dense.weight', 'pooler.dense.weight']);
    assert.deepEqual([...out], [
      ['bert.embeddings.LayerNorm.weight', 'embeddings.LayerNorm.gamma'],
      ['bert.embeddings.LayerNorm.bias', 'embeddings.LayerNorm.beta'],
      ['bert.encoder.layer.0.output.dense.weight', 'encoder.layer.0.output.dense.weight'],
      ['bert.pooler.dense.weight', 'pooler.dense.weight'],
    ]);
  });

  it('keeps prefixed names and heads; drops the NSP head, id buffers and tied copies', () => {
    const out = normalize(tinyBertConfig(), [
      'bert.embeddings.word_embeddings.weight', 'bert.embeddings.position_ids', 'cls.predictions.bias', 'cls.predictions.decoder.weight',
      'cls.predictions.decoder.bias', 'cls.seq_relationship.weight', 'classifier.weight',
    ]);
    assert.deepEqual([...out.keys()], ['bert.embeddings.word_embeddings.weight', 'cls.predictions.bias', 'classifier.weight']);
    assert.equal(out.get('cls.predictions.bias'), 'cls.predictions.bias');
  });

  it('fills a missing tensor from its stored copy, and keeps an untied output layer its own', () => {
    assert.equal(normalize(tinyBertConfig(), ['cls.predictions.decoder.weight', 'cls.predictions.decoder.bias']).get('bert.embeddings.word_embeddings.weight'), 'cls.predictions.decoder.weight');
    const untied = normalize(tinyBertConfig({ tie_word_embeddings: false }), ['bert.embeddings.word_embeddings.weight', 'cls.predictions.decoder.weight']);
    assert.deepEqual([...untied.keys()], ['bert.embeddings.word_embeddings.weight', 'cls.predictions.decoder.weight']);
  });

  it("maps the Hub's gpt2 (GPT2Model, buffers, no lm_head) and a checkpoint holding only lm_head", () => {
    const hub = normalize(tinyGpt2Config(), ['wte.weight', 'h.0.attn.bias', 'h.0.attn.masked_bias', 'h.0.attn.c_attn.weight', 'ln_f.weight']);
    assert.deepEqual([...hub.keys()], ['transformer.wte.weight', 'transformer.h.0.attn.c_attn.weight', 'transformer.ln_f.weight']);
    const headOnly = normalize(tinyGpt2Config(), ['lm_head.weight', 'transformer.wpe.weight']);
    assert.deepEqual([...headOnly], [['transformer.wpe.weight', 'transformer.wpe.weight'], ['transformer.wte.weight', 'lm_head.weight']]);
  });

  it('folds T5 embedding aliases into shared.weight', () => {
    const out = normalize(tinyT5Config(), ['encoder.embed_tokens.weight', 'decoder.embed_tokens.weight', 'lm_head.weight', 'encoder.final_layer_norm.weight']);
    assert.deepEqual([...out], [['encoder.final_layer_norm.weight', 'encoder.final_layer_norm.weight'], ['shared.weight', 'encoder.embed_tokens.weight']]);
  });
});
