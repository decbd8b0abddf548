// The inference worker's jobs, called in-process: what the attention explorer and
// the prompt playground get for a real (tiny, trained) GPT-2 folder.
import * as assert from 'node:assert';
import { rmSync } from 'node:fs';
import { inferenceJobHandlers } from '../../../src/jobs/inference-jobs';
import type { JobContext } from '../../../src/jobs/worker-serve';
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
});
