/** The corpus summary's pair counts: from the scan's own files, per language and kind, bounded. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanCorpus } from '../../../src/data/corpus-scan';
import { pairReport } from '../../../src/host/corpus/pair-report';

describe('corpus summary: pair counts', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pl-pair-report-'));
    const write = (relative: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), text);
    };
    write('a.ts', '/** Adds two numbers. */\nexport function add(a: number, b: number) {\n  return a + b;\n}\n');
    write('b.py', 'def sub(a, b):\n    """Subtract b from a."""\n    return a - b\n\ndef test_sub_of_equal_numbers():\n    assert sub(2, 2) == 0\n');
    write('README.md', 'Run it like this:\n\n```sh\nnpx run\n```\n');
    write('notes.txt', 'plain text is read by pretrain but holds no pairs\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('counts pairs per language and per kind among the files the scan kept', async () => {
    const report = await pairReport(await scanCorpus(root));
    assert.deepEqual(report, {
      pairs: 4,
      files: 3,
      units: 4,
      duplicates: 0,
      languages: [{ language: 'python', pairs: 2 }, { language: 'markdown', pairs: 1 }, { language: 'typescript', pairs: 1 }],
      kinds: [{ kind: 'doc-comment', pairs: 1 }, { kind: 'docstring', pairs: 1 }, { kind: 'markdown', pairs: 1 }, { kind: 'test', pairs: 1 }],
    });
  });

  it('stops at its file limit and says the counts are partial', async () => {
    const report = await pairReport(await scanCorpus(root), undefined, { maxFiles: 1, maxMilliseconds: 60_000 });
    assert.equal(report.files, 1);
    assert.match(report.partial ?? '', /first 1 source files only .*pretrain-lab pairs/);
  });
});
