/**
 * openEmbedder: vectors in the caller's order whatever the chunking by length, equal to one-by-one
 * embedding; any encoder folder embeds (a masked LM straight from pretraining too); a decoder
 * folder is refused in one line naming the encoders; a sentence encoder does not fill masks.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openEmbedder } from '../../../src/infer/embed';
import { FillMask } from '../../../src/infer/fill-mask';
import { InputError } from '../../../src/util/errors';
import { saveTinyContrastiveFolder, toyPairs, trainTinyContrastive } from '../../helpers/tiny-contrastive';
import { saveTinyBertFolder, toyCorpus, trainTinyMlm } from '../../helpers/tiny-bert';
import { makeTinyGpt2Folder } from '../../helpers/tiny-gpt2-folder';

describe('openEmbedder', () => {
  let root: string;
  let encoder: string;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'embed-'));
    encoder = path.join(root, 'encoder');
    await saveTinyContrastiveFolder(encoder, await trainTinyContrastive(20));
  });
  after(async () => rm(root, { recursive: true, force: true }));

  it('gives unit vectors in the order of the texts, each as it is alone', async () => {
    const embedder = await openEmbedder(encoder, { intraOpNumThreads: 1 });
    const pairs = toyPairs();
    const texts = [pairs[0].code, 'value', pairs[1].text, pairs[2].code + ' ' + pairs[3].code, '', pairs[4].text];
    const together = await embedder.embed(texts);
    assert.equal(together.length, texts.length);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      assert.equal(alone.length, embedder.dim);
      for (let c = 0; c < alone.length; c++) assert.ok(Math.abs(alone[c] - together[i][c]) < 1e-5, `text ${i}, dim ${c}`);
      assert.ok(Math.abs(Math.hypot(...alone) - 1) < 1e-5);
    }
    assert.deepEqual(await embedder.embed([]), []);
    await embedder.release();
  });

  it('embeds with a masked LM straight from pretraining (its encoder, without the head)', async () => {
    const dir = path.join(root, 'mlm');
    await saveTinyBertFolder(dir, await trainTinyMlm(toyCorpus(50), 5));
    const embedder = await openEmbedder(dir, { intraOpNumThreads: 1 });
    const [v] = await embedder.embed(['the cat chases the mouse .']);
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
    await embedder.release();
  });

  it('refuses a decoder folder in one line that names the encoders', async () => {
    const gpt2 = await makeTinyGpt2Folder(2);
    await assert.rejects(openEmbedder(gpt2.dir), (e: Error) => e instanceof InputError && /holds a 'gpt2' model; search needs an encoder \(albert, bert, .*\)$/.test(e.message) && !e.message.includes('\n'));
  });

  it('a sentence encoder folder is refused by fill-mask in one line', async () => {
    await assert.rejects(FillMask.open(encoder), (e: Error) => e instanceof InputError && /is a sentence encoder \(BertModel\) without a masked-LM head/.test(e.message) && !e.message.includes('\n'));
  });
});
