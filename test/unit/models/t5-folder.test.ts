/**
 * A T5 folder written the way HF writes one — config.json with HF field names only (defaults
 * left out), model.safetensors with HF names and [out, in] layouts, the tied embedding stored
 * under HF's alias names — loads (T5's publishedNames fold the aliases into shared.weight) into
 * our graphs and gives the logits of the same weights built directly.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flatWeights, loadModelFolder } from '../../../src/models/model-folder';
import { writeSafetensors, type Tensor } from '../../../src/modelfile/safetensors';
import { parseConfig } from '../../../src/models/config-validate';
import type { T5Config } from '../../../src/models/configs';
import { t5ParamSpecs } from '../../../src/models/t5/model';
import { directT5Outputs, maxAbsDiff, tinyT5Weights } from '../../helpers/tiny-t5';

const HF_CONFIG = {
  architectures: ['T5ForConditionalGeneration'],
  model_type: 't5',
  vocab_size: 30,
  d_model: 16,
  d_kv: 8,
  d_ff: 24,
  num_layers: 2,
  num_decoder_layers: 1,
  num_heads: 3,
  relative_attention_num_buckets: 8,
  relative_attention_max_distance: 20,
  feed_forward_proj: 'gated-gelu',
  decoder_start_token_id: 0,
  tie_word_embeddings: false,
  initializer_factor: 2,
};

describe('T5 model folder with HF names', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 't5-folder-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads and matches the logits of the same weights built directly', async () => {
    await writeFile(path.join(dir, 'config.json'), JSON.stringify(HF_CONFIG));
    const config = parseConfig(HF_CONFIG, 'config.json') as T5Config;
    const weights = tinyT5Weights(config, 9);
    const specs = t5ParamSpecs(config);
    const tensors = new Map<string, Tensor>();
    for (const spec of specs) {
      // HF v4 checkpoints of T5 store the shared embedding under its stack aliases as well.
      const names = spec.name === 'shared.weight' ? ['encoder.embed_tokens.weight', 'decoder.embed_tokens.weight'] : [spec.name];
      for (const name of names) tensors.set(name, { dtype: 'F32', shape: spec.shape, data: weights.get(spec.name) as Float32Array });
    }
    assert.ok(tensors.has('decoder.block.0.layer.1.EncDecAttention.k.weight'));
    assert.ok(tensors.has('decoder.block.0.layer.2.DenseReluDense.wi_1.weight'));
    assert.deepEqual(tensors.get('encoder.block.1.layer.0.SelfAttention.o.weight')!.shape, [16, 24]); // [out, in]
    await writeSafetensors(path.join(dir, 'model.safetensors'), tensors, { format: 'pt' });

    const folder = await loadModelFolder(dir);
    const folderConfig = folder.config as T5Config;
    assert.equal(folderConfig.model_type, 't5');
    assert.equal(folderConfig.is_gated_act, true);
    // Every parameter the graph needs, under our name and with its HF shape; no alias left over.
    assert.deepEqual(
      [...folder.weights].map(([name, t]) => [name, t.shape]).sort(),
      specs.map((spec) => [spec.name, spec.shape]).sort(),
    );
    const loaded = flatWeights(folder.weights);
    const batch = { inputIds: [[3, 7, 11, 1, 0]], attentionMask: [[1, 1, 1, 1, 0]], decoderInputIds: [[0, 5, 9, 28]] };
    const fromFolder = await directT5Outputs(folderConfig, loaded, batch);
    const direct = await directT5Outputs(config, weights, batch);
    const diff = maxAbsDiff(fromFolder.logits.data as Float32Array, direct.logits.data as Float32Array);
    assert.equal(diff, 0, `max |Δ logits| ${diff}`);
    assert.ok(maxAbsDiff(direct.logits.data as Float32Array, new Float32Array(direct.logits.data.length)) > 0.1, 'non-trivial logits');

    // A missing or misshapen tensor is named.
    const partial = new Map(loaded);
    partial.delete('encoder.block.1.layer.1.DenseReluDense.wo.weight');
    await assert.rejects(directT5Outputs(folderConfig, partial, batch), /encoder\.block\.1\.layer\.1\.DenseReluDense\.wo\.weight/);
    await assert.rejects(directT5Outputs({ ...folderConfig, d_ff: 32 }, loaded, batch), /DenseReluDense\.wi_0\.weight' has 384 values, expected shape \[32,16\]/);
  });
});

