/**
 * A BERT folder as transformers would save it — config.json with HF field names, weights in
 * model.safetensors under HF names — written by this test with random weights, loads through
 * our model folder code and gives the logits of the same weights built directly.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GraphBuilder, writeOnnx, type TensorData } from '../../../src/graph';
import { buildBertForMaskedLM, buildBertForSequenceClassification } from '../../../src/models/bert/model';
import type { BertConfig } from '../../../src/models/configs';
import { exportBertOnnx } from '../../../src/models/bert/export-onnx';
import { flatWeights, loadModelFolder } from '../../../src/models/model-folder';
import { writeSafetensors, type Tensor } from '../../../src/modelfile/safetensors';
import { ConstantParams } from '../../../src/nn/params';
import { RuntimeSession } from '../../../src/runtime';
import { Rng } from '../../../src/util/rng';

/** HF tensor names and shapes, written out here independently of src/models. */
function hfTensors(c: { V: number; C: number; I: number; P: number; S: number; layers: number }, head: 'mlm' | number): [string, number[]][] {
  const { V, C, I, P, S } = c;
  const list: [string, number[]][] = [
    ['bert.embeddings.word_embeddings.weight', [V, C]],
    ['bert.embeddings.position_embeddings.weight', [P, C]],
    ['bert.embeddings.token_type_embeddings.weight', [S, C]],
    ['bert.embeddings.LayerNorm.weight', [C]],
    ['bert.embeddings.LayerNorm.bias', [C]],
  ];
  for (let i = 0; i < c.layers; i++) {
    const l = `bert.encoder.layer.${i}`;
    const lin = (name: string, o: number, n: number): [string, number[]][] => [[`${name}.weight`, [o, n]], [`${name}.bias`, [o]]];
    list.push(...lin(`${l}.attention.self.query`, C, C), ...lin(`${l}.attention.self.key`, C, C), ...lin(`${l}.attention.self.value`, C, C));
    list.push(...lin(`${l}.attention.output.dense`, C, C), [`${l}.attention.output.LayerNorm.weight`, [C]], [`${l}.attention.output.LayerNorm.bias`, [C]]);
    list.push(...lin(`${l}.intermediate.dense`, I, C), ...lin(`${l}.output.dense`, C, I), [`${l}.output.LayerNorm.weight`, [C]], [`${l}.output.LayerNorm.bias`, [C]]);
  }
  if (head === 'mlm') {
    list.push(['cls.predictions.transform.dense.weight', [C, C]], ['cls.predictions.transform.dense.bias', [C]]);
    list.push(['cls.predictions.transform.LayerNorm.weight', [C]], ['cls.predictions.transform.LayerNorm.bias', [C]], ['cls.predictions.bias', [V]]);
  } else {
    list.push(['bert.pooler.dense.weight', [C, C]], ['bert.pooler.dense.bias', [C]], ['classifier.weight', [head, C]], ['classifier.bias', [head]]);
  }
  return list;
}

/** A config.json as transformers' BertConfig.save_pretrained writes it (v4 field set). */
function hfConfigJson(architecture: string, extra: object): object {
  return {
    architectures: [architecture],
    attention_probs_dropout_prob: 0.1,
    classifier_dropout: null,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: 16,
    initializer_range: 0.02,
    intermediate_size: 32,
    layer_norm_eps: 1e-12,
    max_position_embeddings: 24,
    model_type: 'bert',
    num_attention_heads: 4,
    num_hidden_layers: 2,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    torch_dtype: 'float32',
    transformers_version: '4.46.3',
    type_vocab_size: 2,
    use_cache: true,
    vocab_size: 30,
    ...extra,
  };
}

const CASES = [
  { architecture: 'BertForMaskedLM', head: 'mlm' as const, extra: {} },
  { architecture: 'BertForSequenceClassification', head: 3, extra: { id2label: { 0: 'a', 1: 'b', 2: 'c' }, label2id: { a: 0, b: 1, c: 2 } } },
];

describe('a BERT folder with HF names and config', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bert-folder-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const { architecture, head, extra } of CASES) {
    it(`${architecture}: loads and matches the logits of the same weights built directly`, async () => {
      const folder = path.join(dir, architecture);
      const rng = new Rng(21);
      const tensors = new Map<string, Tensor>();
      for (const [name, shape] of hfTensors({ V: 30, C: 16, I: 32, P: 24, S: 2, layers: 2 }, head)) {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = Float32Array.from({ length: n }, () => (name.endsWith('LayerNorm.weight') ? 1 : 0) + 0.2 * rng.normal());
        tensors.set(name, { dtype: 'F32', shape, data });
      }
      await mkdir(folder, { recursive: true });
      const configJson = hfConfigJson(architecture, extra);
      await writeFile(path.join(folder, 'config.json'), JSON.stringify(configJson, null, 2));
      await writeSafetensors(path.join(folder, 'model.safetensors'), tensors, { format: 'pt' });

      const loaded = await loadModelFolder(folder);
      assert.equal(loaded.config.model_type, 'bert');
      const viaFolder = await RuntimeSession.create(exportBertOnnx(loaded.config as BertConfig, flatWeights(loaded.weights)));

      // Directly: the raw JSON as the config (HF's default tie_word_embeddings made explicit), the
      // same tensors, static shapes, int32 ids, no folder or export code.
      const [B, T] = [2, 6];
      const cfg = { ...(configJson as BertConfig), tie_word_embeddings: true };
      const g = new GraphBuilder('direct');
      const inputIds = g.input('ids', 'int32', [B, T]);
      const attentionMask = g.input('mask', 'int32', [B, T]);
      const tokenTypeIds = g.input('types', 'int32', [B, T]);
      const params = new ConstantParams(g, new Map([...tensors].map(([name, t]) => [name, t.data as Float32Array])));
      const build = head === 'mlm' ? buildBertForMaskedLM : buildBertForSequenceClassification;
      g.output(build(g, params, cfg, { inputIds, attentionMask, tokenTypeIds }).logits, 'logits');
      const direct = await RuntimeSession.create(writeOnnx(g.graph));

      const ids = [2, 7, 8, 9, 10, 3, 2, 11, 12, 3, 0, 0];
      const mask = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
      const types = [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0];
      const i32 = (v: number[]): TensorData => ({ dtype: 'int32', shape: [B, T], data: Int32Array.from(v) });
      const i64 = (v: number[]): TensorData => ({ dtype: 'int64', shape: [B, T], data: BigInt64Array.from(v, BigInt) });
      const a = (await viaFolder.run({ input_ids: i64(ids), attention_mask: i64(mask), token_type_ids: i64(types) })).logits;
      const b = (await direct.run({ ids: i32(ids), mask: i32(mask), types: i32(types) })).logits;
      assert.deepEqual(a.shape, b.shape);
      assert.deepEqual(a.shape, head === 'mlm' ? [B, T, 30] : [B, 3]);
      const diff = Math.max(...Array.from(a.data as Float32Array, (x, i) => Math.abs(x - (b.data as Float32Array)[i])));
      const spread = Math.max(...Array.from(a.data as Float32Array, Math.abs));
      console.log(`      max |logit diff| ${diff.toExponential(2)} (logits up to ${spread.toFixed(2)})`);
      assert.ok(spread > 0.1, 'logits must not be trivially zero');
      assert.ok(diff < 1e-5, `max diff ${diff}`);
      await Promise.all([viaFolder.release(), direct.release()]);
    });
  }
});
