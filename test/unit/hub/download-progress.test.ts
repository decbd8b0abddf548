// The download's progress: a bar redrawn in place on a terminal (bytes of the total, rate),
// nothing but file lines elsewhere; and where the extension puts a download in the models folder.
import * as assert from 'node:assert';
import * as path from 'node:path';
import { DownloadProgress, formatDownloadLine } from '../../../src/cli/download-progress';
import { downloadFolderFor, SUGGESTED_PRETRAINED } from '../../../src/host/pretrained-models';
import { checkRepoId } from '../../../src/hub/repo-id';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 60, write: (t: string) => out.push(t) } };
}

describe('cli: download progress', () => {
  it('formats bytes of the total with a bar that fits the line, and without a total', () => {
    const line = formatDownloadLine(512 * 1024, 1024 * 1024, 2 * 1024 * 1024, 60);
    assert.match(line, /^512 KiB \/ 1\.0 MiB \[█+░+\] 50% 2\.0 MiB\/s$/);
    assert.ok(line.length <= 59);
    assert.strictEqual(formatDownloadLine(2048, undefined, 1024, 60), '2.0 KiB 1.0 KiB/s');
  });

  it('redraws one line on a terminal, at most every interval, and clears it for file lines', () => {
    let now = 0;
    const bar = sink(true);
    const lines = sink(false);
    const progress = new DownloadProgress(bar.stream, lines.stream, () => now, 100);
    progress.setTotal(1000);
    progress.update(100);
    now = 50;
    progress.update(200); // too soon: not drawn
    now = 200;
    progress.update(300);
    assert.strictEqual(bar.out.filter((t) => t.startsWith('\r') && t.includes('%')).length, 2);
    progress.log('config.json 1 KiB');
    assert.deepStrictEqual(lines.out, ['config.json 1 KiB\n']);
    progress.finish();
    assert.strictEqual(bar.out.at(-1), '\r\x1b[K');
  });

  it('draws nothing when stderr is not a terminal', () => {
    const bar = sink(false);
    const progress = new DownloadProgress(bar.stream, sink(false).stream, () => 0);
    progress.setTotal(10);
    progress.update(5);
    progress.finish();
    assert.deepStrictEqual(bar.out, []);
  });
});

describe('host: pretrained model suggestions', () => {
  it('suggests valid repo ids, and names the folder after the repo, numbering a taken name', () => {
    for (const m of SUGGESTED_PRETRAINED) checkRepoId(m.repo);
    const taken = new Set([path.join('/m', 'electra-small-discriminator'), path.join('/m', 'electra-small-discriminator-2')]);
    assert.strictEqual(downloadFolderFor('/m', 'gpt2', (f) => taken.has(f)), path.join('/m', 'gpt2'));
    assert.strictEqual(downloadFolderFor('/m', 'google/electra-small-discriminator', (f) => taken.has(f)), path.join('/m', 'electra-small-discriminator-3'));
  });
});
