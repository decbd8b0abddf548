/**
 * `pretrain-lab pairs <folder>` through the real CLI: counts per language and kind, duplicates,
 * the train/validation files and samples, in text and --json; and one line (exit 2) for a
 * folder that does not exist, a file, and a folder with no pairs (saying what pairs are).
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, jsonEvents, runCli, tempDir } from './cli-helpers';

function write(root: string, relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
}

describe('cli: pairs', function () {
  this.timeout(120_000);
  let root: string;
  before(() => {
    buildCliOnce();
    root = tempDir('pl-cli-pairs-');
    write(root, '.gitignore', 'secret/\n');
    write(root, 'src/math.ts', '/** Adds two numbers. */\nexport function add(a: number, b: number) {\n  return a + b;\n}\n\nit(\'adds small numbers\', () => {\n  expect(add(1, 2)).toBe(3);\n});\n');
    write(root, 'src/copy.ts', '// A different file header.\n\n/** Adds two numbers. */\nexport function add(a: number, b: number) {\n  return a + b;\n}\n');
    write(root, 'tools/strings.py', 'def shout(text):\n    """Upper-case the text and add an exclamation mark."""\n    return text.upper() + "!"\n');
    write(root, 'main.go', '// Main starts the server on the given port.\nfunc Main(port int) {\n\tserve(port)\n}\n');
    write(root, 'README.md', 'Start it with:\n\n```sh\nnpm start\n```\n');
    write(root, 'secret/hidden.ts', '/** Must never be mined. */\nexport function hidden() {\n  return 1;\n}\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('prints counts per language and kind, duplicates, the split and samples', async () => {
    const r = await runCli(['pairs', root, '--samples', '2']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^5 pairs in .* \(5 files read, \d+ code units, 1 duplicate pairs dropped\)$/);
    assert.equal(lines[1], 'by language: typescript 2, go 1, markdown 1, python 1');
    assert.equal(lines[2], 'by kind:     doc-comment 2, docstring 1, markdown 1, test 1');
    assert.match(lines[3], /^train: \d+ pairs from \d+ files; validation: \d+ pairs from \d+ files \(held out: /);
    assert.equal(r.stdout.match(/^ {2}text │ /gm)?.length, 2, r.stdout);
    assert.ok(!r.stdout.includes('Must never be mined'));
  });

  it('--json: one event with the counts, the split and the samples', async () => {
    const r = await runCli(['pairs', root, '--json', '--samples', '10']);
    assert.equal(r.code, 0, r.stderr);
    const [event] = jsonEvents(r.stdout) as [Record<string, any>];
    assert.equal(event.event, 'pairs');
    assert.deepEqual([event.pairs, event.duplicates, event.files], [5, 1, 5]);
    assert.equal(event.train.pairs + event.validation.pairs, 5);
    assert.equal(event.samples.length, 5);
    assert.ok(event.samples.every((s: Record<string, unknown>) => typeof s.code === 'string' && typeof s.text === 'string' && s.file !== 'secret/hidden.ts'));
  });

  it('refuses in one line: a missing folder, a file, a folder without pairs (saying what pair mining looks for)', async () => {
    const empty = tempDir('pl-cli-nopairs-');
    writeFileSync(path.join(empty, 'notes.txt'), 'only prose here\n');
    writeFileSync(path.join(empty, 'plain.ts'), 'export const x = 1;\n');
    try {
      for (const [args, pattern] of [
        [['pairs', path.join(root, 'nope')], /does not exist/],
        [['pairs', path.join(root, 'main.go')], /is not a folder/],
        [['pairs', empty], /has no code\/text pairs \(1 source or Markdown file read\); pair mining looks for doc comments .* Markdown paragraphs followed by a fenced code block/],
      ] as const) {
        const r = await runCli([...args]);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        const stderr = r.stderr.trim().split('\n');
        assert.equal(stderr.length, 1, r.stderr);
        assert.match(stderr[0], pattern);
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
