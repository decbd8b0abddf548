/** `pretrain-lab info` and `pretrain-lab eval` through the real CLI on a model trained here. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildCliOnce, jsonEvents, runCli, tempDir, tinyCorpus, TINY_RUN } from './cli-helpers';

describe('cli: info and eval', () => {
  let dir: string;
  let corpus: string;
  let model: string;
  before(async () => {
    buildCliOnce();
    dir = tempDir();
    corpus = tinyCorpus(dir);
    model = path.join(dir, 'model');
    const r = await runCli(['pretrain', corpus, '--out', model, ...TINY_RUN, '--steps', '30', '--eval-every', '0']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('info describes the folder and its training state', async () => {
    const text = await runCli(['info', model]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Type: gpt2 \(GPT2LMHeadModel\)/);
    assert.match(text.stdout, /Size: 1 layers, 2 heads, width 16, MLP 64, context 16/);
    assert.match(text.stdout, /Tokenizer: char, \d+ tokens/);
    assert.match(text.stdout, /Training: step 30\/30 \(clm\), 1,920 tokens seen, last loss \d\.\d{4}/);
    const json = jsonEvents((await runCli(['info', model, '--json'])).stdout);
    assert.equal(json.length, 1);
    assert.equal(json[0].modelType, 'gpt2');
    assert.equal(json[0].layers, 1);
    assert.equal((json[0].training as { step: number }).step, 30);
    assert.ok((json[0].parameters as number) > 4000);
  });

  it('eval reports loss and perplexity, repeatably, below the untrained uniform guess', async () => {
    const a = await runCli(['eval', model, '--corpus', corpus, '--batches', '4', '--json']);
    assert.equal(a.code, 0, a.stderr);
    const [e] = jsonEvents(a.stdout);
    assert.equal(e.event, 'eval');
    assert.ok(Math.abs(Math.exp(e.loss as number) - (e.perplexity as number)) < 1e-6);
    const vocab = (jsonEvents((await runCli(['info', model, '--json'])).stdout)[0].tokenizer as { vocabSize: number }).vocabSize;
    assert.ok((e.perplexity as number) < vocab * 0.8, `perplexity ${e.perplexity} vs vocabulary ${vocab}`);
    assert.equal(e.tokens, 4 * 8 * 16);
    const b = await runCli(['eval', model, '--corpus', corpus, '--batches', '4', '--json']);
    assert.equal(jsonEvents(b.stdout)[0].loss, e.loss);
    // --seed draws other windows (repeatably); the default is the fixed draw training validates on.
    const seeded = async (seed: string) => jsonEvents((await runCli(['eval', model, '--corpus', corpus, '--batches', '4', '--seed', seed, '--json'])).stdout)[0].loss;
    const [s1, s1again, s2] = [await seeded('1'), await seeded('1'), await seeded('2')];
    assert.equal(s1, s1again);
    assert.notEqual(s1, e.loss);
    assert.notEqual(s1, s2);
    const text = await runCli(['eval', model, '--corpus', corpus, '--batches', '2']);
    assert.match(text.stdout, /^loss \d+\.\d{4}, perplexity \d+\.\d{2} \(256 tokens: 2 batches of 8×16\)$/m);
  });

  const bad: [string, () => string[], RegExp][] = [
    ['info on a missing folder', () => ['info', path.join(dir, 'nope')], /does not exist/],
    ['info on a folder without config.json', () => ['info', dir], /is not a model folder: it has no config\.json/],
    ['eval without --corpus', () => ['eval', model], /--corpus is required/],
    ['eval on a missing corpus', () => ['eval', model, '--corpus', path.join(dir, 'nope.txt')], /corpus .*nope\.txt does not exist/],
    ['eval with a context beyond the model', () => ['eval', model, '--corpus', corpus, '--context', '64'], /--context 64 is longer than the model's 16 positions/],
    ['an unknown command', () => ['evall'], /unknown command 'evall' \(did you mean eval\?\)/],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 2 with one line for ${what}`, async () => {
      const r = await runCli(args());
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  it('prints help for each command', async () => {
    for (const command of ['pretrain', 'info', 'eval', 'demo']) {
      const r = await runCli([command, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: pretrain-lab ${command} `));
    }
  });
});
