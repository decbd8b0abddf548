/**
 * Fuzzes the labelled-data readers (finetuning input): a JSONL file (line-wise JSON-aware and
 * byte mutations, BOMs included) and a CSV file (byte mutations: quotes, separators, truncation,
 * invalid UTF-8), 1,000 cases each, through `readLabelled`.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { InputError } from '../../src/cli/errors';
import { readLabelled } from '../../src/data/labelled';
import { describeReport, fuzz } from './fuzz-harness';
import { mutateBytes, mutateJsonLines } from './mutate';

const rows = [['the film was great', 'pos'], ['a dull, "slow" plot', 'neg'], ['loved it, twice', 'pos'], ['not for me', 'neg'], ['fine', 'pos']];
const encode = (text: string) => new TextEncoder().encode(text);
const JSONL = encode(rows.map(([text, label]) => JSON.stringify({ text, label })).join('\n') + '\n');
const CSV = encode('text,label\n' + rows.map(([text, label]) => `"${text.replace(/"/g, '""')}",${label}`).join('\n') + '\n');

const FORMATS: [file: string, bytes: Uint8Array, mutate: typeof mutateBytes][] = [
  ['data.jsonl', JSONL, mutateJsonLines],
  ['data.csv', CSV, mutateBytes],
];

describe('reliability: fuzzing labelled data', () => {
  for (const [file, bytes, mutate] of FORMATS) {
    it(`${file}: 1000 mutated versions load or fail with a clear error`, async () => {
      const report = await fuzz({
        folder: { [file]: bytes },
        file,
        mutate,
        load: async (dir) => readLabelled(path.join(dir, file)),
        isOurError: (e) => e instanceof InputError,
        cases: 1000,
        seed: 8,
      });
      console.log(`      ${describeReport(file, report)}`);
      assert.equal(report.failureCount, 0, `${report.failureCount} broken cases:\n${report.failures.join('\n')}`);
      assert.ok(report.rejected > 50, 'the mutations must break the file often');
    });
  }
});
