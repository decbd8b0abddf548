// Which files of a repo make a model folder: config, tokenizer companions, safetensors (single
// or sharded); never pickle, nothing in subfolders; pickle-only and config-less repos refused.
import * as assert from 'node:assert';
import { selectModelFiles, shardsNamedByIndex } from '../../../src/hub/select-files';
import { checkRepoId, checkRevision, hubEndpoint, endpointUrl } from '../../../src/hub/repo-id';

const names = (list: string[]) => list.map((name) => ({ name }));

describe('hub: selectModelFiles', () => {
  it('takes the config, tokenizer files and single safetensors, and leaves pickle, ONNX and docs', () => {
    const picked = selectModelFiles('bert-base-uncased', 'main', names(['config.json', 'vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors', 'pytorch_model.bin', 'tf_model.h5', 'flax_model.msgpack', 'README.md', 'onnx/model.onnx', 'coreml/x.mlmodel']));
    assert.deepStrictEqual(picked.map((f) => f.name), ['config.json', 'vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors']);
  });

  it('takes sharded safetensors with their index', () => {
    const picked = selectModelFiles('big', 'main', names(['config.json', 'model.safetensors.index.json', 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors', 'pytorch_model-00001-of-00002.bin']));
    assert.deepStrictEqual(picked.map((f) => f.name), ['config.json', 'model.safetensors.index.json', 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
  });

  it('refuses a repo with only pickle weights, naming them', () => {
    assert.throws(() => selectModelFiles('old', 'main', names(['config.json', 'pytorch_model.bin'])), /only as pickle \(pytorch_model\.bin\)/);
    assert.throws(() => selectModelFiles('old', 'main', names(['config.json', 'model.ckpt'])), /only as pickle/);
    assert.throws(() => selectModelFiles('none', 'main', names(['config.json'])), /has no model\.safetensors/);
    assert.throws(() => selectModelFiles('noconfig', 'main', names(['model.safetensors'])), /has no config\.json/);
  });

  it('reads the shards an index names, refusing paths outside the folder', () => {
    assert.deepStrictEqual(shardsNamedByIndex(JSON.stringify({ weight_map: { a: 's1.safetensors', b: 's1.safetensors', c: 's2.safetensors' } })), ['s1.safetensors', 's2.safetensors']);
    assert.throws(() => shardsNamedByIndex(JSON.stringify({ weight_map: { a: '../x.safetensors' } })), /not a safetensors file beside it/);
    assert.throws(() => shardsNamedByIndex('{'), /not JSON/);
  });
});

describe('hub: repo ids, revisions and endpoints', () => {
  it('accepts Hub repo ids and refuses paths and junk in one line', () => {
    for (const ok of ['gpt2', 'google/electra-small-discriminator', 'a.b_c-d/E.F']) assert.strictEqual(checkRepoId(ok), ok);
    for (const bad of ['', '/gpt2', 'gpt2/', 'a/b/c', '../x', 'a/..', 'x y', 'gpt2.', '-x', 'a'.repeat(97)]) assert.throws(() => checkRepoId(bad), /not a Hugging Face repo id/, bad);
    assert.strictEqual(checkRevision('refs/pr/1'), 'refs/pr/1');
    assert.throws(() => checkRevision(' '), /not a revision/);
  });

  it('takes --endpoint, else HF_ENDPOINT, else the Hub; a mirror keeps its path prefix', () => {
    assert.strictEqual(hubEndpoint(undefined, {}).href, 'https://huggingface.co/');
    assert.strictEqual(hubEndpoint(undefined, { HF_ENDPOINT: 'https://hf-mirror.com/' }).host, 'hf-mirror.com');
    assert.strictEqual(hubEndpoint('http://127.0.0.1:1', { HF_ENDPOINT: 'https://x' }).host, '127.0.0.1:1');
    assert.strictEqual(endpointUrl(hubEndpoint('https://m.example/hf/', {}), 'gpt2/resolve/main/config.json').href, 'https://m.example/hf/gpt2/resolve/main/config.json');
    assert.throws(() => hubEndpoint('ftp://x', {}), /--endpoint .* must be a plain http\(s\) URL/);
    assert.throws(() => hubEndpoint('https://user:pw@x', {}), /credentials/);
    assert.throws(() => hubEndpoint(undefined, { HF_ENDPOINT: 'nope' }), /HF_ENDPOINT "nope" is not a URL/);
  });
});
