/** BERT's parameters carry HF's names, shapes and initialisation. */
import assert from 'node:assert/strict';
import { bertParamSpecs } from '../../../src/models/bert/param-layout';
import { initialWeights } from '../../../src/nn/params';
import { tinyBertConfig } from '../../helpers/tiny-bert';

describe('BERT parameter layout', () => {
  const cfg = tinyBertConfig({ num_hidden_layers: 1, vocab_size: 40, hidden_size: 16, intermediate_size: 24, type_vocab_size: 3, max_position_embeddings: 20 });

  it('names and shapes every BertForMaskedLM tensor as transformers does', () => {
    const specs = bertParamSpecs(cfg, 'masked-lm');
    const l = 'bert.encoder.layer.0';
    const expected: [string, number[]][] = [
      ['bert.embeddings.word_embeddings.weight', [40, 16]],
      ['bert.embeddings.position_embeddings.weight', [20, 16]],
      ['bert.embeddings.token_type_embeddings.weight', [3, 16]],
      ['bert.embeddings.LayerNorm.weight', [16]],
      ['bert.embeddings.LayerNorm.bias', [16]],
      ...['query', 'key', 'value'].flatMap((p): [string, number[]][] => [
        [`${l}.attention.self.${p}.weight`, [16, 16]],
        [`${l}.attention.self.${p}.bias`, [16]],
      ]),
      [`${l}.attention.output.dense.weight`, [16, 16]],
      [`${l}.attention.output.dense.bias`, [16]],
      [`${l}.attention.output.LayerNorm.weight`, [16]],
      [`${l}.attention.output.LayerNorm.bias`, [16]],
      [`${l}.intermediate.dense.weight`, [24, 16]],
      [`${l}.intermediate.dense.bias`, [24]],
      [`${l}.output.dense.weight`, [16, 24]],
      [`${l}.output.dense.bias`, [16]],
      [`${l}.output.LayerNorm.weight`, [16]],
      [`${l}.output.LayerNorm.bias`, [16]],
      ['cls.predictions.transform.dense.weight', [16, 16]],
      ['cls.predictions.transform.dense.bias', [16]],
      ['cls.predictions.transform.LayerNorm.weight', [16]],
      ['cls.predictions.transform.LayerNorm.bias', [16]],
      ['cls.predictions.bias', [40]],
    ];
    assert.deepEqual(
      specs.map((s) => [s.name, s.shape]).sort(),
      expected.sort(),
    );
  });

  it('adds the pooler and classifier for BertForSequenceClassification, sized by id2label', () => {
    const specs = bertParamSpecs({ ...cfg, id2label: { 0: 'neg', 1: 'neu', 2: 'pos' } }, 'sequence-classification');
    const byName = new Map(specs.map((s) => [s.name, s.shape]));
    assert.deepEqual(byName.get('bert.pooler.dense.weight'), [16, 16]);
    assert.deepEqual(byName.get('classifier.weight'), [3, 16]);
    assert.deepEqual(byName.get('classifier.bias'), [3]);
    assert.ok(!specs.some((s) => s.name.startsWith('cls.')), 'no masked-LM head');
    assert.deepEqual(bertParamSpecs(cfg, 'sequence-classification').find((s) => s.name === 'classifier.weight')?.shape, [2, 16], 'HF default: 2 labels');
  });

  it('initialises as HF _init_weights: normal(0, initializer_range), zero biases, LayerNorm 1/0, zero padding row', () => {
    const big = tinyBertConfig({ vocab_size: 400, hidden_size: 32, initializer_range: 0.05, pad_token_id: 3 });
    const specs = bertParamSpecs(big, 'masked-lm');
    const w = initialWeights(specs, 1);
    const words = w.get('bert.embeddings.word_embeddings.weight')!;
    assert.ok(words.subarray(3 * 32, 4 * 32).every((x) => x === 0), 'the [PAD] row starts at zero');
    const std = Math.sqrt(Array.from(words).reduce((a, x) => a + x * x, 0) / (words.length - 32));
    assert.ok(Math.abs(std - 0.05) < 0.003, `std ${std}`);
    assert.ok(w.get('bert.encoder.layer.0.attention.self.query.bias')!.every((x) => x === 0));
    assert.ok(w.get('cls.predictions.bias')!.every((x) => x === 0));
    assert.ok(w.get('bert.encoder.layer.1.output.LayerNorm.weight')!.every((x) => x === 1));
    assert.ok(w.get('bert.embeddings.LayerNorm.bias')!.every((x) => x === 0));
    assert.equal(specs.find((s) => s.name === 'bert.embeddings.LayerNorm.weight')!.decay, false);
    assert.equal(specs.find((s) => s.name === 'bert.encoder.layer.0.intermediate.dense.weight')!.decay, true);
  });
});
