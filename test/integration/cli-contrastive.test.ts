/**
 * `pretrain --objective contrastive` as users run it: a tiny BERT on a folder of documented
 * functions saves a sentence encoder (BertModel, sentence-transformers files, the queue and
 * momentum encoder in training/) that openEmbedder reads and fill-mask and eval refuse in one line;
 * a SIGKILLed run resumes with the uninterrupted run's losses; a masked-LM folder continues
 * contrastively; a decoder or a corpus without pairs is refused in one line.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openEmbedder } from '../../src/infer/embed';
import { buildCliOnce, jsonEvents, runCli, tempDir } from './cli-helpers';

const VERBS = ['add', 'remove', 'find', 'sort', 'parse', 'format', 'load', 'save', 'count', 'merge', 'split', 'check'];
const NOUNS = ['user', 'order', 'item', 'file', 'line', 'word', 'number', 'date', 'name', 'list', 'path', 'token'];

/** A folder of TypeScript files whose functions each have a JSDoc comment: 48 (code, text) pairs in 6 files. */
function documentedCorpus(dir: string): string {
  const corpus = path.join(dir, 'corpus');
  mkdirSync(corpus);
  for (let f = 0; f < 6; f++) {
    const functions = Array.from({ length: 8 }, (_, i) => {
      const [verb, noun] = [VERBS[(f * 8 + i) % VERBS.length], NOUNS[(f * 5 + i * 7) % NOUNS.length]];
      return `/**\n * ${verb[0].toUpperCase() + verb.slice(1)} the ${noun} in the store and return it.\n */\nexport function ${verb}${noun[0].toUpperCase() + noun.slice(1)}${f}${i}(store: Store, ${noun}: string): string {\n  const found = store.${verb}('${noun}', ${noun});\n  return found;\n}\n`;
    });
    writeFileSync(path.join(corpus, `file${f}.ts`), functions.join('\n'));
  }
  return corpus;
}

const RUN = ['--arch', 'bert', '--objective', 'contrastive', '--layers', '1', '--heads', '2', '--dim', '16', '--context', '32', '--batch', '4', '--queue-size', '8', '--vocab-size', '200', '--eval-batches', '2', '--warmup', '2', '--lr', '0.005', '--threads', '1', '--seed', '3', '--json'];

const lossesByStep = (stdout: string) => new Map(jsonEvents(stdout).filter((e) => e.event === 'progress').map((e) => [e.step as number, e.loss as number]));

describe('cli: pretrain --objective contrastive', () => {
  let dir: string;
  let corpus: string;
  before(() => {
    buildCliOnce();
    dir = tempDir('pl-contrastive-');
    corpus = documentedCorpus(dir);
  });

  it('saves a sentence encoder that openEmbedder reads, with retrieval accuracies in its evaluations', async () => {
    const out = path.join(dir, 'encoder');
    const r = await runCli(['pretrain', corpus, '--out', out, ...RUN, '--steps', '8', '--eval-every', '4']);
    assert.equal(r.code, 0, r.stderr);
    const evals = jsonEvents(r.stdout).filter((e) => e.event === 'eval') as { metrics?: Record<string, number> }[];
    assert.equal(evals.length, 2);
    for (const e of evals) for (const key of ['codeToTextAccuracy', 'textToCodeAccuracy', 'temperature']) assert.ok(Number.isFinite(e.metrics?.[key]), `${key} in ${JSON.stringify(e)}`);
    const config = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'));
    assert.deepEqual(config.architectures, ['BertModel']);
    for (const file of ['modules.json', '1_Pooling/config.json', 'sentence_bert_config.json', 'config_sentence_transformers.json', 'onnx/model.onnx', 'training/carried.safetensors']) assert.ok(existsSync(path.join(out, file)), file);
    const embedder = await openEmbedder(out, { intraOpNumThreads: 1 });
    const [a, b] = await embedder.embed(['sort the user', 'export function sortUser(store: Store) {}']);
    await embedder.release();
    assert.equal(a.length, 16);
    assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-5 && Math.abs(Math.hypot(...b) - 1) < 1e-5);
    // No head: fill-mask and eval say so in one line.
    for (const args of [['fill-mask', out, '--text', 'sort the [MASK]'], ['eval', out, '--corpus', corpus]]) {
      const refused = await runCli(args);
      assert.equal(refused.code, 2, refused.stderr);
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
      assert.match(refused.stderr, /is a sentence encoder \(BertModel\)/);
    }
  });

  it('continues a SIGKILLed run with the losses of the uninterrupted one (queue and momentum encoder restored)', async () => {
    const args = [...RUN, '--steps', '16', '--checkpoint-every', '4', '--eval-every', '8', '--dropout', '0.1'];
    const full = await runCli(['pretrain', corpus, '--out', path.join(dir, 'full'), ...args]);
    assert.equal(full.code, 0, full.stderr);
    const expected = lossesByStep(full.stdout);
    const out = path.join(dir, 'killed');
    const killed = await runCli(['pretrain', corpus, '--out', out, ...args], {
      onStdoutLine: (line, child) => {
        const e = JSON.parse(line) as { event: string; step: number };
        if (e.event === 'progress' && e.step >= 9) child.kill('SIGKILL');
      },
    });
    assert.equal(killed.signal, 'SIGKILL');
    const resumed = await runCli(['pretrain', corpus, '--out', out, '--resume', '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const from = jsonEvents(resumed.stdout).find((e) => e.event === 'start')!.step as number;
    assert.ok(from >= 8, `resumed from step ${from}`);
    const after = lossesByStep(resumed.stdout);
    assert.equal(after.size, 16 - from);
    for (const [step, loss] of after) assert.equal(loss, expected.get(step), `step ${step}`);
  });

  it('continues a masked-LM folder contrastively (finetune --task lm --objective contrastive)', async () => {
    const mlm = path.join(dir, 'mlm');
    const pre = await runCli(['pretrain', corpus, '--out', mlm, ...RUN.filter((a, i, all) => !['--objective', '--queue-size'].includes(a) && !['--objective', '--queue-size'].includes(all[i - 1])), '--objective', 'mlm', '--steps', '3']);
    assert.equal(pre.code, 0, pre.stderr);
    const out = path.join(dir, 'from-mlm');
    const r = await runCli(['finetune', mlm, '--task', 'lm', '--corpus', corpus, '--out', out, '--objective', 'contrastive', '--queue-size', '8', '--batch', '4', '--steps', '3', '--eval-batches', '2', '--threads', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(jsonEvents(r.stdout).some((e) => e.event === 'log' && /Starting from the weights of/.test(e.message as string)));
    assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8')).architectures, ['BertModel']);
  });

  it('refuses a decoder and a corpus without pairs in one line each', async () => {
    const decoder = await runCli(['pretrain', corpus, '--out', path.join(dir, 'gpt2'), '--arch', 'gpt2', '--objective', 'contrastive', '--steps', '2']);
    assert.equal(decoder.code, 2);
    assert.equal(decoder.stderr.trim().split('\n').length, 1, decoder.stderr);
    assert.match(decoder.stderr, /--objective contrastive does not fit --arch gpt2/);
    const prose = path.join(dir, 'prose');
    mkdirSync(prose);
    writeFileSync(path.join(prose, 'notes.txt'), 'just some plain text without any code in it.\n'.repeat(200));
    const noPairs = await runCli(['pretrain', prose, '--out', path.join(dir, 'no-pairs'), ...RUN, '--steps', '2']);
    assert.equal(noPairs.code, 2, noPairs.stderr);
    assert.equal(noPairs.stderr.trim().split('\n').length, 1, noPairs.stderr);
    assert.match(noPairs.stderr, /pair/);
    assert.ok(!existsSync(path.join(dir, 'no-pairs')), 'nothing is left behind');
  });
});
