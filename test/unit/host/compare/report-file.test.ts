// comparison.json read for the comparison view: a report the job wrote (a partial one's
// unfinished rows have null means) loads; a damaged or foreign file is refused with one line
// naming the field.
import * as assert from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reportJson } from '../../../../src/compare/report';
import { readComparisonReport } from '../../../../src/host/compare/report-file';
import { InputError } from '../../../../src/util/errors';
import { madeUpReport, RESULTS } from '../../../helpers/made-up-comparison';

describe('comparison report file', () => {
  let dir: string;
  const write = (text: string) => {
    const file = path.join(dir, 'comparison.json');
    writeFileSync(file, text);
    return file;
  };
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'report-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads what the job writes, complete or partial', () => {
    assert.strictEqual(readComparisonReport(write(reportJson(madeUpReport()))).rows.length, 3);
    const partial = readComparisonReport(write(reportJson(madeUpReport(RESULTS.slice(0, 1)))));
    assert.strictEqual(partial.complete, false);
    assert.strictEqual(partial.rows[1].accuracy.mean, null, 'no seed finished: NaN, written as null');
  });

  it('refuses damaged and foreign files with one line naming what is wrong', () => {
    const report = JSON.parse(reportJson(madeUpReport()));
    const cases: [unknown, RegExp][] = [
      [{ ...report, version: 2 }, /report\.version is not 1/],
      [{ ...report, rows: 'x' }, /report\.rows is not an array/],
      [{ ...report, budget: { kind: 'tokens' } }, /report\.budget\.kind is neither/],
      [{ ...report, rows: [{ ...report.rows[0], seeds: [{ seed: 1, result: { finetune: { accuracy: '0.5', macroF1: 0.5, minutes: 1 } } }] }] }, /report\.rows\[0\]\.seeds\[0\]\.result\.finetune\.accuracy is not a finite number/],
      [{ ...report, rows: [{ ...report.rows[0], seeds: [{ seed: 1, result: { ...report.rows[0].seeds[0].result, pretrain: { ...report.rows[0].seeds[0].result.pretrain, curve: [{ step: 1 }] } } }] }] }, /curve\[0\]\.loss is not a finite number/],
      [[1, 2], /report is not an object/],
    ];
    for (const [value, message] of cases) {
      const error = (() => {
        try {
          readComparisonReport(write(JSON.stringify(value)));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      assert.ok(error instanceof InputError, `accepted ${JSON.stringify(value).slice(0, 80)}`);
      assert.match(error.message, message);
      assert.ok(!error.message.includes('\n'), 'one line');
    }
    assert.throws(() => readComparisonReport(write('{"version": 1,')), (e: Error) => e instanceof InputError && /not valid JSON/.test(e.message));
    assert.throws(() => readComparisonReport(dir), (e: Error) => e instanceof InputError && /not a regular file/.test(e.message));
  });
});
