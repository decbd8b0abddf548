/**
 * `classify` and `eval --data` with a decoder (GPT-2): each label word is scored by its
 * log-likelihood after the filled template. Character-level, so every label word is several
 * tokens long and the sum of their log-probabilities is exercised.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, jsonEvents, runCli, tempDir } from './cli-helpers';
import { reviewCorpus, reviewsJsonl, seeded, TEMPLATE, VERBALIZER } from './labelled-helpers';

describe('cli: classify with a prompted decoder', () => {
  let dir: string;
  let gpt2: string;
  before(async () => {
    buildCliOnce();
    dir = tempDir('pl-classify-');
    writeFileSync(path.join(dir, 'corpus.txt'), reviewCorpus(seeded(11)));
    gpt2 = path.join(dir, 'gpt2');
    const args = ['--arch', 'gpt2', '--tokenizer', 'char', '--layers', '2', '--heads', '2', '--dim', '32', '--context', '32', '--batch', '16'];
    const r = await runCli(['pretrain', path.join(dir, 'corpus.txt'), '--out', gpt2, ...args, '--steps', '600', '--lr', '0.005', '--warmup', '20', '--eval-every', '0', '--eval-batches', '2', '--threads', '1']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('scores multi-token label words by their likelihood after the template', async () => {
    const r = await runCli(['classify', gpt2, '--text', 'the show was awful', '--template', TEMPLATE, '--verbalizer', VERBALIZER, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [e] = jsonEvents(r.stdout);
    assert.equal(e.method, 'decoder prompt');
    assert.equal(e.label, 'negative');
    const good = await runCli(['classify', gpt2, '--text', 'the show was lovely', '--template', TEMPLATE, '--verbalizer', VERBALIZER]);
    assert.match(good.stdout, /^0\.\d{4} {2}positive\n/);
  });

  it('evaluates the prompt on labelled data well above the majority class', async () => {
    const data = path.join(dir, 'reviews.jsonl');
    writeFileSync(data, reviewsJsonl(seeded(5), 30));
    const r = await runCli(['eval', gpt2, '--data', data, '--template', TEMPLATE, '--verbalizer', VERBALIZER, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [e] = jsonEvents(r.stdout);
    console.log(`      decoder prompt: accuracy ${e.accuracy}, macro-F1 ${e.macroF1} (majority ${e.majority})`);
    assert.equal(e.majority, 0.6);
    assert.ok((e.accuracy as number) >= 0.9, `accuracy ${e.accuracy}`);
  });

  it('exits 2 with one line when a decoder is asked for its (missing) classification head', async () => {
    const r = await runCli(['classify', gpt2, '--text', 'hi']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /has no classification head/);
  });
});
