/** `pretrain-lab demo` through the real CLI, shortened with --steps so it runs in seconds. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, runCli, tempDir } from './cli-helpers';

describe('cli: demo', () => {
  before(buildCliOnce);

  it('trains, prints losses, a sample and a perplexity, and writes the attention HTML', async () => {
    const out = path.join(tempDir(), 'demo');
    const r = await runCli(['demo', '--out', out, '--steps', '12', '--threads', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /step 12\/12 100% \| loss \d+\.\d{4}/);
    assert.match(r.stdout, /Sample \(temperature 0\.8, top-k 40\):\nROMEO:.{20,}/s);
    assert.match(r.stdout, /Perplexity on the held-out 10% of the text: \d+\.\d{2}/);
    const html = path.join(out, 'attention.html');
    assert.match(r.stdout, new RegExp(`written to ${html.replace(/[.\\/]/g, '\\$&')}`));
    assert.ok(existsSync(html));
    assert.match(readFileSync(html, 'utf8'), /^<!doctype html>/);

    // A second demo replaces the first one's folder; a folder it did not make is left alone.
    const again = await runCli(['demo', '--out', out, '--steps', '2', '--threads', '1']);
    assert.equal(again.code, 0, again.stderr);
    const foreign = tempDir();
    writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    const refused = await runCli(['demo', '--out', foreign]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /was not made by the demo/);
  });
});
