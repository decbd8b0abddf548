// The inference worker's jobs, called in-process: what the attention explorer, the
// prompt playground and Classify Selection get for real (tiny, trained) model folders.
import * as assert from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inferenceJobHandlers } from '../../../src/jobs/inference-jobs';
import type { JobContext } from '../../../src/jobs/worker-serve';
import { finetuneClassify } from '../../../src/train/finetune/finetune-classify';
import { makeTinyGpt2Folder, TINY_TEXT, type TinyFolder } from '../../helpers/tiny-gpt2-folder';

function context<E>(events: E[] = [], signal = new AbortController().signal): JobContext<E> {
  return { emit: (e) => events.push(e), signal, transfer: [] };
}

describe('inference jobs', () => {
  let folder: TinyFolder;
  const jobs = inferenceJobHandlers();
  const session = { device: 'cpu' as const, intraOpNumThreads: 1 };

  before(async () => {
    folder = await makeTinyGpt2Folder(20);
  });
  after(() => rmSync(folder.dir, { recursive: true, force: true }));

  it('reports causal attention for every layer, with rows summing to 1 and nothing above the diagonal', async () => {
    const { report, truncatedFrom } = await jobs.attentionReport({ dir: folder.dir, name: 'tiny', text: 'the cat sat on the mat', session }, context());
    assert.strictEqual(truncatedFrom, undefined);
    assert.strictEqual(report.maps.length, folder.config.n_layer);
    assert.ok(report.queryTokens.join('').includes('cat'));
    for (const map of report.maps) {
      assert.strictEqual(map.kind, 'causal');
      assert.strictEqual(map.weights.length, folder.config.n_head);
      map.weights[0].forEach((row, i) => {
        assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-3);
        assert.ok(row.slice(i + 1).every((w) => w === 0));
      });
    }
  });

  it('cuts a text longer than the context at the context, and says so', async () => {
    const { report, truncatedFrom } = await jobs.attentionReport({ dir: folder.dir, name: 'tiny', text: TINY_TEXT.repeat(3), session }, context());
    assert.ok(truncatedFrom && truncatedFrom > folder.config.n_positions);
    assert.ok(report.queryTokens.length <= folder.config.n_positions);
  });

  it('streams generated text token by token', async () => {
    const events: { text: string }[] = [];
    const result = await jobs.generate({ dir: folder.dir, prompt: 'the cat', options: { maxNewTokens: 6, seed: 1, stopAtEos: false }, session }, context(events));
    assert.strictEqual(result.ids.length, 6);
    assert.strictEqual(events.length, 6);
    assert.strictEqual(events.at(-1)!.text, result.text);
  });

  it('stops a generation when it is cancelled', async () => {
    const abort = new AbortController();
    const events: { text: string }[] = [];
    const ctx = context(events, abort.signal);
    ctx.emit = (e) => {
      events.push(e);
      abort.abort();
    };
    await assert.rejects(async () => jobs.generate({ dir: folder.dir, prompt: 'the cat', options: { maxNewTokens: 20, stopAtEos: false }, session }, ctx));
    assert.strictEqual(events.length, 1);
  });

  it('fails clearly on a folder that is not a model', async () => {
    await assert.rejects(async () => jobs.attentionReport({ dir: '/nonexistent/model', name: 'x', text: 'a', session }, context()));
  });

  describe('classify', () => {
    const bundledBert = path.join(__dirname, '..', '..', '..', 'models', 'tiny-shakespeare-bert');
    const bundledGpt2 = path.join(__dirname, '..', '..', '..', 'models', 'tiny-shakespeare-gpt2');
    const prompt = { template: '{text} It was [MASK].', verbalizer: 'good=good,bad=bad' };
    const sumsToOne = (scores: { probability: number }[]) => Math.abs(scores.reduce((a, s) => a + s.probability, 0) - 1) < 1e-6;

    it('classifies with a template + verbalizer on a masked LM (the bundled BERT)', async () => {
      const result = await jobs.classify({ dir: bundledBert, text: 'the king is dead', prompt, session }, context());
      assert.strictEqual(result.method, 'masked-LM prompt');
      assert.deepStrictEqual(result.scores.map((s) => s.label).sort(), ['bad', 'good']);
      assert.strictEqual(result.label, result.scores[0].label);
      assert.ok(sumsToOne(result.scores), JSON.stringify(result.scores));
    });

    it('classifies with a template + verbalizer on a decoder (the answer word after the text)', async () => {
      const result = await jobs.classify({ dir: folder.dir, text: 'the cat sat', prompt: { template: '{text} and the', verbalizer: 'animal=dog,place=mat' }, session }, context());
      assert.strictEqual(result.method, 'decoder prompt');
      assert.deepStrictEqual(result.scores.map((s) => s.label).sort(), ['animal', 'place']);
      assert.ok(sumsToOne(result.scores));
    });

    it('refuses a model without a classification head when no prompt is given', async () => {
      await assert.rejects(async () => jobs.classify({ dir: bundledBert, text: 'the king is dead', session }, context()), /classif/i);
    });

    for (const [family, base] of [['BERT', () => bundledBert], ['GPT-2', () => bundledGpt2]] as const) {
      it(`classifies with a finetuned ${family} head, with the labels it was trained on`, async function () {
        this.timeout(120_000);
        const dir = mkdtempSync(path.join(os.tmpdir(), 'classify-job-'));
        try {
          const data = path.join(dir, 'data.jsonl');
          const rows = Array.from({ length: 12 }, (_, i) => ({ text: i % 2 ? 'a cruel and bloody night' : 'a sweet and gentle day', label: i % 2 ? 'dark' : 'light' }));
          writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n'));
          const out = path.join(dir, 'classifier');
          await finetuneClassify({ model: base(), data, out, hyperparams: { steps: 2 }, settings: { device: 'cpu', threads: 1 }, resume: false }, () => undefined);
          const result = await jobs.classify({ dir: out, text: 'a sweet and gentle day', session }, context());
          assert.strictEqual(result.method, 'finetuned head');
          assert.deepStrictEqual(result.scores.map((s) => s.label).sort(), ['dark', 'light']);
          assert.ok(sumsToOne(result.scores));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
});
