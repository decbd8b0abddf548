/**
 * Fuzzes the two files a comparison leaves in its --out: comparison-state.json, read by
 * `readState` on --resume, and comparison.json, read by the extension's Open Comparison
 * (`readComparisonReport`). Both come from a tiny real comparison, run in-process; every
 * mutated version must read or fail with one InputError line naming the file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runComparison } from '../../src/compare/run-comparison';
import { knownRow } from '../../src/compare/rows';
import { readState, STATE_FILE } from '../../src/compare/state';
import { readComparisonReport } from '../../src/host/compare/report-file';
import { InputError } from '../../src/util/errors';
import { tempDir } from '../integration/cli-helpers';
import { tinyCompareRequest } from '../integration/compare-helpers';
import { describeReport, fuzz } from './fuzz-harness';
import { mutateJsonFile } from './mutate';

const REPORT_FILE = 'comparison.json';
const CASES = 200;

/** The state and report files of a finished two-row comparison at the smallest sizes. */
async function comparisonFiles(): Promise<Record<string, Uint8Array>> {
  const dir = tempDir('pl-fuzz-compare-');
  const out = path.join(dir, 'comparison');
  const rows = ['bert-mlm', 'none'].map((id) => ({ id, arch: knownRow(id).arch, objective: knownRow(id).objective }));
  await runComparison(tinyCompareRequest(dir, { rows, budget: { kind: 'flops', referenceSteps: 2 } }), () => undefined);
  return Object.fromEntries([STATE_FILE, REPORT_FILE].map((name) => [name, new Uint8Array(readFileSync(path.join(out, name)))]));
}

const READERS: [file: string, read: (dir: string) => unknown][] = [
  [STATE_FILE, (dir) => readState(dir)],
  [REPORT_FILE, (dir) => readComparisonReport(path.join(dir, REPORT_FILE))],
];

describe('reliability: fuzzing comparison files', function () {
  this.timeout(300_000);
  let folder: Record<string, Uint8Array>;
  before(async () => {
    folder = await comparisonFiles();
  });

  for (const [file, read] of READERS) {
    it(`${file}: ${CASES} mutated versions read or fail with one line naming the file`, async () => {
      const report = await fuzz({
        folder,
        file,
        mutate: mutateJsonFile,
        load: async (dir) => read(dir),
        // One line: the CLI prints it as is, and the extension shows it in a notification.
        isOurError: (e) => e instanceof InputError && !e.message.includes('\n'),
        cases: CASES,
        seed: 10,
      });
      console.log(`      ${describeReport(file, report)}`);
      assert.equal(report.failureCount, 0, `${report.failureCount} broken cases:\n${report.failures.join('\n')}`);
      assert.ok(report.rejected > CASES / 10, 'the mutations must actually break the file most of the time');
    });
  }
});
