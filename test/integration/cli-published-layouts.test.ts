/**
 * The CLI on folders in the layouts real checkpoints have on the Hub (test/helpers/published-layouts.ts):
 * fill-mask, generate, classify --template and attention print what they print for our own folder
 * of the same weights (numbers within 1e-4), info counts the parameters as loaded across shards,
 * and finetuning starts from them.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePublishedPair, type PublishedModel, type PublishedPair } from '../helpers/published-layouts';
import { buildCliOnce, jsonEvents, runCli, tempDir } from './cli-helpers';

const TOLERANCE = 1e-4;
/** Fields that differ between two runs of one model: timings and the folder's own path or name. */
const VOLATILE = /Ms$|^msPerToken$|^path$|^model$/;

/** Deep equality with numbers within TOLERANCE, volatile fields skipped. */
function assertSame(actual: unknown, expected: unknown, where = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) <= TOLERANCE, `${where}: ${actual} vs ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${where}: lengths differ`);
    expected.forEach((item, i) => assertSame((actual as unknown[])[i], item, `${where}[${i}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    assert.ok(typeof actual === 'object' && actual !== null, `${where}: not an object`);
    for (const key of Object.keys(expected)) if (!VOLATILE.test(key)) assertSame((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${where}.${key}`);
  } else {
    assert.equal(actual, expected, where);
  }
}

describe('cli: commands on folders in the layouts published on the Hub', function () {
  this.timeout(300_000);
  let root: string;
  const pairs = new Map<PublishedModel, PublishedPair>();

  before(async () => {
    buildCliOnce();
    root = tempDir('pl-published-');
    for (const model of ['gpt2', 'bert-base-uncased', 'roberta-base', 't5-small'] as const) pairs.set(model, await makePublishedPair(model, root));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Runs `args(dir)` on our folder and the published one; both must succeed and print the same. */
  async function sameOutput(model: PublishedModel, args: (dir: string) => string[]): Promise<Record<string, unknown>[]> {
    const p = pairs.get(model)!;
    const [ours, published] = await Promise.all([runCli(args(p.ours)), runCli(args(p.published))]);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(published.code, 0, published.stderr);
    const events = jsonEvents(published.stdout);
    assertSame(events, jsonEvents(ours.stdout));
    return events;
  }

  for (const model of ['bert-base-uncased', 'roberta-base'] as const) {
    it(`fill-mask and classify --template on ${model}`, async () => {
      const mask = model === 'roberta-base' ? '<mask>' : '[MASK]';
      await sameOutput(model, (dir) => ['fill-mask', dir, '--text', `the cat sat on the ${mask}`, '--top-k', '3', '--json']);
      await sameOutput(model, (dir) => ['classify', dir, '--text', 'the cat sat', '--template', `{text} It is about ${mask}.`, '--verbalizer', 'animals=cat,sea=sea', '--json']);
    });
  }

  it('generate and classify --template on the Hub gpt2 (no prefix, no lm_head, no pad_token_id)', async () => {
    const events = await sameOutput('gpt2', (dir) => ['generate', dir, '--prompt', 'the cat', '--max-new-tokens', '6', '--json']);
    assert.equal(events.at(-1)!.event, 'done');
    await sameOutput('gpt2', (dir) => ['classify', dir, '--text', 'the cat sat', '--template', 'Text: {text} Topic:', '--verbalizer', 'animals=cat,sea=sea', '--json']);
  });

  for (const model of ['gpt2', 'bert-base-uncased', 't5-small'] as const) {
    it(`attention on ${model}`, async () => {
      const p = pairs.get(model)!;
      const out = (dir: string) => path.join(root, `${path.basename(path.dirname(dir))}-${model.replace('/', '_')}.json`);
      for (const dir of [p.ours, p.published]) {
        const r = await runCli(['attention', dir, '--text', 'the cat sat on the mat', '--out', out(dir)]);
        assert.equal(r.code, 0, r.stderr);
      }
      assertSame(JSON.parse(readFileSync(out(p.published), 'utf8')), JSON.parse(readFileSync(out(p.ours), 'utf8')));
    });
  }

  it('info counts the parameters as loaded, across shards (tied copies and buffers left out)', async () => {
    const p = pairs.get('roberta-base')!;
    const [ours, published] = await Promise.all([runCli(['info', p.ours, '--json']), runCli(['info', p.published, '--json'])]);
    assert.equal(published.code, 0, published.stderr);
    const [a, b] = [JSON.parse(ours.stdout), JSON.parse(published.stdout)];
    const width = (p.config as { hidden_size: number }).hidden_size;
    // The published checkpoint also holds RobertaModel's pooler (kept: a classifier finetuned from it starts from it).
    assert.equal(b.parameters, a.parameters + width * width + width);
    assert.ok(b.weightsBytes > 0);
  });

  it('finetunes a classifier from bert-base-uncased and continues pretraining the Hub gpt2', async () => {
    const data = path.join(root, 'labels.jsonl');
    const rows = ['the cat sat on the mat', 'a bird sang in the tree', 'the dog sat on the log', 'we read the book about the sea'];
    const examples = Array.from({ length: 20 }, (_, i) => ({ text: `${rows[i % rows.length]} ${i}`, label: i % 2 ? 'b' : 'a' }));
    writeFileSync(data, examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const classifier = path.join(root, 'bert-classifier');
    const c = await runCli(['finetune', pairs.get('bert-base-uncased')!.published, '--task', 'classify', '--data', data, '--out', classifier, '--steps', '2', '--batch', '2', '--eval-every', '0', '--threads', '1', '--json']);
    assert.equal(c.code, 0, c.stderr);
    const served = await runCli(['classify', classifier, '--text', 'the cat sat', '--json']);
    assert.equal(served.code, 0, served.stderr);
    const corpus = path.join(root, 'corpus.txt');
    writeFileSync(corpus, rows.join('\n').repeat(200));
    const lm = await runCli(['finetune', pairs.get('gpt2')!.published, '--task', 'lm', '--corpus', corpus, '--out', path.join(root, 'gpt2-lm'), '--steps', '2', '--batch', '2', '--eval-every', '0', '--eval-batches', '1', '--threads', '1', '--json']);
    assert.equal(lm.code, 0, lm.stderr);
  });
});
