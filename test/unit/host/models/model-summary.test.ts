import * as assert from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverModels, findModelFolders } from '../../../../src/host/models/discovery';
import { describeModel, readModelSummary, summariseConfig, SUPPORTED_MODEL_TYPES } from '../../../../src/host/models/model-summary';
import { formatBytes } from '../../../../src/util/format';
import { MODEL_TYPES } from '../../../../src/models/configs';

describe('model folders', () => {
  let root: string;
  const write = async (rel: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  };

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'pl-models-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('reads HF sizes per model_type', () => {
    assert.deepStrictEqual(summariseConfig('{"model_type":"gpt2","n_layer":4,"n_head":4,"n_embd":128,"n_positions":64,"vocab_size":65}'),
      { modelType: 'gpt2', supported: true, layers: 4, heads: 4, width: 128, context: 64, vocabSize: 65 });
    assert.deepStrictEqual(summariseConfig('{"model_type":"t5","num_layers":2,"num_decoder_layers":3,"num_heads":4,"d_model":64,"vocab_size":100}'),
      { modelType: 't5', supported: true, layers: 2, decoderLayers: 3, heads: 4, width: 64, vocabSize: 100 });
    assert.deepStrictEqual(summariseConfig('{"model_type":"bert","num_hidden_layers":2,"num_attention_heads":2,"hidden_size":32,"max_position_embeddings":128,"vocab_size":99}'),
      { modelType: 'bert', supported: true, layers: 2, heads: 2, width: 32, context: 128, vocabSize: 99 });
    // RoBERTa's position table has pad_token_id + 1 rows before the first position.
    assert.deepStrictEqual(summariseConfig('{"model_type":"roberta","num_hidden_layers":2,"num_attention_heads":2,"hidden_size":32,"max_position_embeddings":130,"pad_token_id":1,"vocab_size":99}'),
      { modelType: 'roberta', supported: true, layers: 2, heads: 2, width: 32, context: 128, vocabSize: 99 });
  });

  it('supports exactly the model registry’s types (no family the core cannot run)', () => {
    assert.deepStrictEqual([...SUPPORTED_MODEL_TYPES], [...MODEL_TYPES]);
    assert.match(summariseConfig('{"model_type":"bart","encoder_layers":1,"decoder_layers":1}').problem ?? '', /"bart" is not supported/);
  });

  it('turns bad configs into a stated problem, never a throw', () => {
    assert.match(summariseConfig('{"model_type":').problem ?? '', /not valid JSON/);
    assert.match(summariseConfig('[1]').problem ?? '', /not a JSON object/);
    assert.match(summariseConfig('{}').problem ?? '', /no model_type/);
    assert.match(summariseConfig('{"model_type":"llama"}').problem ?? '', /"llama" is not supported/);
    assert.match(summariseConfig('{"model_type":"constructor"}').problem ?? '', /not supported/);
    // Absurd sizes are dropped rather than shown.
    const odd = summariseConfig('{"model_type":"gpt2","n_layer":-1,"n_head":1.5,"n_embd":"128","vocab_size":1e12}');
    assert.deepStrictEqual(odd, { modelType: 'gpt2', supported: true });
  });

  it('refuses a huge config.json without parsing it', async () => {
    await write('big/config.json', `{"model_type":"gpt2","pad":"${'x'.repeat(1 << 20)}"}`);
    const summary = await readModelSummary(path.join(root, 'big'), 'user');
    assert.match(summary.problem ?? '', /larger than/);
  });

  it('finds model folders up to two levels deep, without descending into them', async () => {
    await write('a/config.json', '{"model_type":"gpt2"}');
    await write('a/checkpoint/config.json', '{"model_type":"gpt2"}');
    await write('group/b/config.json', '{"model_type":"bert"}');
    await write('x/y/z/config.json', '{"model_type":"bert"}');
    await write('.hidden/config.json', '{"model_type":"bert"}');
    await write('node_modules/m/config.json', '{"model_type":"bert"}');
    assert.deepStrictEqual(await findModelFolders(root), [path.join(root, 'a'), path.join(root, 'group', 'b')]);
    assert.deepStrictEqual(await findModelFolders(path.join(root, 'missing')), []);
  });

  it('lists each folder once across roots, with weights size', async () => {
    await write('m/config.json', '{"model_type":"gpt2","n_layer":2}');
    await write('m/model.safetensors', 'x'.repeat(2048));
    const models = await discoverModels([{ folder: root, source: 'bundled' }, { folder: path.join(root, 'm'), source: 'user' }]);
    assert.strictEqual(models.length, 1);
    assert.strictEqual(models[0].source, 'bundled');
    assert.strictEqual(describeModel(models[0]), 'gpt2 · 2 layers · 2.0 KiB');
  });

  it('formats sizes', () => {
    assert.deepStrictEqual([0, 1023, 1536, 5 * 2 ** 20, 300 * 2 ** 20].map(formatBytes), ['0 B', '1023 B', '1.5 KiB', '5.0 MiB', '300 MiB']);
  });
});
