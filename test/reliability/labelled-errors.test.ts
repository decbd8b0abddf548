/**
 * Labelled data errors say what is actually wrong: a label of the wrong type is named as such
 * (not as a missing field), too many distinct labels for the examples is named with its counts
 * (not as too few examples), and a FIFO given as --data is refused at once, not waited on.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../src/util/errors';
import { readLabelled } from '../../src/data/labelled';
import { labelsOf, stratifiedSplit } from '../../src/data/labelled-split';
import { ROOT, tempDir } from '../integration/cli-helpers';

describe('reliability: labelled data errors', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = tempDir('pl-labelled-')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const jsonl = (name: string, records: object[]): string => {
    const file = path.join(dir, name);
    writeFileSync(file, records.map((r) => JSON.stringify(r) + '\n').join(''));
    return file;
  };

  for (const [label, type] of [
    [null, 'null'],
    [{ name: 'pos' }, 'an object'],
    [['pos'], 'a list'],
  ] as [unknown, string][]) {
    it(`a JSONL label that is ${type} is named as a label of the wrong type`, () => {
      const file = jsonl(`label-${type.replace(/\W/g, '')}.jsonl`, [{ text: 'fine', label: 'pos' }, { text: 'odd', label }]);
      assert.throws(
        () => readLabelled(file),
        (e: Error) => e instanceof InputError && e.message === `${file} line 2: 'label' is ${type}; a label must be a string, a number or true/false`,
      );
    });
  }

  it('a missing label is still named as missing', () => {
    const file = jsonl('no-label.jsonl', [{ text: 'fine', label: 'pos' }, { text: 'odd', tag: 'x' }]);
    assert.throws(() => readLabelled(file), /line 2: no 'label' field \(it has text, tag\)/);
  });

  it('10,000 labels with one example each: too many distinct labels, with the counts', () => {
    const file = jsonl('many-labels.jsonl', Array.from({ length: 10_000 }, (_, i) => ({ text: `example ${i}`, label: `label-${i}` })));
    const examples = readLabelled(file);
    const labels = labelsOf(examples, file);
    assert.throws(
      () => stratifiedSplit(examples, labels, 0.1, 1, file),
      (e: Error) => e instanceof InputError && /10000 distinct labels for 10000 examples is too many labels/.test(e.message),
    );
  });

  it('a few labels with few examples is still "too few examples"', () => {
    const file = jsonl('few.jsonl', ['a', 'a', 'b', 'b'].map((label, i) => ({ text: `t${i}`, label })));
    const examples = readLabelled(file);
    assert.throws(() => stratifiedSplit(examples, labelsOf(examples, file), 0.1, 1, file), /too few examples for a validation split of 0\.1 \(4 examples over 2 labels\)/);
  });

  for (const name of ['data.jsonl', 'data.csv']) {
    it(`a FIFO as ${name} is refused at once`, () => {
      const fifo = path.join(dir, name);
      execFileSync('mkfifo', [fifo]);
      // In a child: a blocking open would hang this process, not fail the test.
      const script = `try { require('./src/data/labelled').readLabelled(${JSON.stringify(fifo)}) } catch (e) { console.log(e.message) }`;
      const run = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
      assert.equal(run.signal, null, `still reading ${name} after 30 s`);
      assert.equal(run.stdout.trim(), `${fifo} is a named pipe (FIFO), not a regular file; point to a file`);
    });
  }
});
