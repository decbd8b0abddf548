/** Reading labelled data (JSONL, CSV, folder per label), its strict decoding, the stratified split and classification batches. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../../src/cli/errors';
import { IGNORE_INDEX } from '../../../src/data/batch';
import { readLabelled, type LabelledExample } from '../../../src/data/labelled';
import { ClassificationBatches, coveringBatches } from '../../../src/data/labelled-batches';
import { parseCsv } from '../../../src/data/labelled-csv';
import { checkKnownLabels, labelsOf, stratifiedSplit } from '../../../src/data/labelled-split';
import { decodeUtf8Strict } from '../../../src/data/labelled-text';

describe('labelled data', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pl-labelled-'));
  const file = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  };
  const fails = (f: () => unknown, message: RegExp) => assert.throws(f, (e: unknown) => e instanceof InputError && message.test(e.message));

  it('reads JSONL with configurable fields, numbers as labels, a leading BOM and trailing blank lines', () => {
    const p = file('a.jsonl', '\ufeff{"body":"one","y":1}\r\n{"body":"two","y":"b"}\n\n\n');
    assert.deepEqual(readLabelled(p, { textField: 'body', labelField: 'y' }), [
      { text: 'one', label: '1', where: `${p} line 1` },
      { text: 'two', label: 'b', where: `${p} line 2` },
    ]);
    fails(() => readLabelled(p), /a\.jsonl line 1: no 'text' field \(it has body, y\); name the text field with --text-field/);
  });

  it('names the line of bad JSON, a non-object, an empty text', () => {
    fails(() => readLabelled(file('b.jsonl', '{"text":"a","label":"x"}\n{"text": oops}\n')), /b\.jsonl line 2: is not valid JSON/);
    fails(() => readLabelled(file('c.jsonl', '[1,2]\n')), /c\.jsonl line 1: is not a JSON object/);
    fails(() => readLabelled(file('d.jsonl', '{"text":"  ","label":"x"}\n')), /d\.jsonl line 1: the text is empty/);
  });

  it('parses CSV quoting: commas, doubled quotes and newlines inside quotes, CRLF', () => {
    assert.deepEqual(parseCsv('a,b\r\n"x, ""y""",1\n"multi\nline",2\n', 'f.csv'), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', '1'] },
      { line: 3, fields: ['multi\nline', '2'] },
    ]);
    fails(() => parseCsv('a,b\n"open,1\n', 'f.csv'), /f\.csv line 2: a quoted field is never closed/);
  });

  it('reads CSV by header, and names the line of a short record, a blank line, a missing column', () => {
    const p = file('e.csv', 'id,text,label\n1,"good, really",pos\n2,bad,neg\n');
    assert.deepEqual(readLabelled(p).map((e) => [e.text, e.label, e.where]), [
      ['good, really', 'pos', `${p} line 2`],
      ['bad', 'neg', `${p} line 3`],
    ]);
    fails(() => readLabelled(file('f.csv', 'text,label\nok,a\nshort\n')), /f\.csv line 3: has 1 fields but the header has 2/);
    fails(() => readLabelled(file('g.csv', 'text,label\nok,a\n\nok,b\n')), /g\.csv line 3: is empty/);
    fails(() => readLabelled(file('h.csv', 'body,label\nok,a\n')), /h\.csv line 1: no column 'text' in the header \(body, label\); name the column with --text-field/);
  });

  it('reads a folder per label, sorted, skipping hidden files', () => {
    file('folder/pos/1.txt', 'great\n');
    file('folder/pos/.DS_Store', 'junk');
    file('folder/neg/1.txt', 'awful');
    assert.deepEqual(readLabelled(path.join(dir, 'folder')).map((e) => [e.label, e.text]), [['neg', 'awful'], ['pos', 'great']]);
    file('folder2/pos/empty.txt', '  \n');
    fails(() => readLabelled(path.join(dir, 'folder2')), /empty\.txt: is empty/);
  });

  it('refuses UTF-16, mixed encodings (naming the line) and a BOM inside the file', () => {
    fails(() => decodeUtf8Strict(Buffer.from([0xff, 0xfe, 0x61, 0]), 'u16.txt'), /u16\.txt: is UTF-16 encoded; save it as UTF-8/);
    fails(() => decodeUtf8Strict(Buffer.concat([Buffer.from('ok\nfine\n'), Buffer.from('caf\xe9\n', 'latin1')]), 'mixed.txt'), /mixed\.txt line 3: is not valid UTF-8/);
    fails(() => decodeUtf8Strict(Buffer.from('a\n\ufeffb\n'), 'glued.txt'), /glued\.txt line 2: has a byte-order mark inside the file/);
    fails(() => readLabelled(file('x.txt', 'a')), /expected a \.jsonl or \.csv file/);
    fails(() => readLabelled(path.join(dir, 'missing.jsonl')), /missing\.jsonl does not exist/);
  });

  const examples = (counts: Record<string, number>): LabelledExample[] =>
    Object.entries(counts).flatMap(([label, n]) => Array.from({ length: n }, (_, i) => ({ text: `${label} ${i}`, label, where: `line ${i}` })));

  it('labels: sorted, at least two; unknown labels are named with their place', () => {
    assert.deepEqual(labelsOf(examples({ b: 1, a: 2 }), 'd'), ['a', 'b']);
    fails(() => labelsOf(examples({ only: 3 }), 'd.jsonl'), /d\.jsonl: every example has the label 'only'/);
    fails(() => checkKnownLabels(examples({ a: 1, c: 1 }), ['a', 'b'], 'training data'), /line 0: label 'c' is not one of the training data labels \(a, b\)/);
  });

  it('splits each label in proportion, seeded, keeping a training example per label', () => {
    const all = examples({ big: 50, small: 10, tiny: 1 });
    const a = stratifiedSplit(all, ['big', 'small', 'tiny'], 0.2, 1, 'd');
    const count = (xs: LabelledExample[], l: string) => xs.filter((e) => e.label === l).length;
    assert.deepEqual([count(a.val, 'big'), count(a.val, 'small'), count(a.val, 'tiny')], [10, 2, 0]);
    assert.equal(a.train.length + a.val.length, all.length);
    assert.deepEqual(stratifiedSplit(all, ['big', 'small', 'tiny'], 0.2, 1, 'd'), a);
    assert.notDeepEqual(stratifiedSplit(all, ['big', 'small', 'tiny'], 0.2, 2, 'd').val, a.val);
    fails(() => stratifiedSplit(examples({ a: 1, b: 1 }), ['a', 'b'], 0.2, 1, 'd.jsonl'), /2 distinct labels for 2 examples is too many labels/);
  });

  it('batches walk seeded epochs and restore their position; covering batches fill up with ignored rows', () => {
    const data = { rows: [[2, 5, 3], [2, 6, 6, 3], [2, 7, 3]], labelIds: [0, 1, 0], truncated: 0 };
    const options = { batchSize: 2, context: 4, padId: 0, seed: 3 };
    const a = new ClassificationBatches(data, options);
    // The second token tells the rows apart; each epoch visits every row once.
    const drawn = [a.next(), a.next(), a.next()].flatMap((batch) => [batch.inputIds.data[1], batch.inputIds.data[5]]);
    assert.deepEqual(drawn.slice(0, 3).sort(), [5, 6, 7]);
    assert.deepEqual(drawn.slice(3, 6).sort(), [5, 6, 7]);
    const b = new ClassificationBatches(data, options);
    b.next();
    const state = b.state();
    const c = new ClassificationBatches(data, options);
    c.restore(state);
    assert.deepEqual(c.next(), (() => {
      const d = new ClassificationBatches(data, options);
      d.next();
      return d.next();
    })());
    const [first, second] = coveringBatches(data, options);
    assert.deepEqual([...first.inputIds.data], [2, 5, 3, 0, 2, 6, 6, 3]);
    assert.deepEqual([...first.attentionMask!.data], [1, 1, 1, 0, 1, 1, 1, 1]);
    assert.deepEqual([...second.labels.data], [0, IGNORE_INDEX]);
    assert.deepEqual(second.labels.shape, [2, 1]);
  });
});
