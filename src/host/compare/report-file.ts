// Reads a comparison's report (comparison.json) for the comparison view: the file goes through
// the regular-file reader, and its shape is checked field by field, so a hand-edited or
// truncated report gives one line naming the field instead of a view that draws nonsense.
import type { ComparisonReport } from '../../compare/protocol';
import { arrayOf, bool, budget, exactly, fields, meanSd, num, numberRecord, plannedRow, seedResult, shapeProblem, str } from '../../compare/shape-checks';
import { jsonParseReason } from '../../modelfile/json-file';
import { InputError } from '../../util/errors';
import { readRegularText } from '../../util/regular-file';

const MAX_REPORT_BYTES = 64 * 1024 * 1024;

const reportRow = fields({ ...plannedRow, seeds: arrayOf(fields({ seed: num, result: seedResult })), accuracy: meanSd, macroF1: meanSd });
const report = fields({
  version: exactly(1, 'is not 1 (a report of another version of Pretrain Lab)'),
  corpus: str, data: str, budget, model: numberRecord, finetune: numberRecord, rows: arrayOf(reportRow),
  complete: bool,
});

/** The report in `file` (a comparison.json), checked; throws InputError naming what is wrong. */
export function readComparisonReport(file: string): ComparisonReport {
  const text = readRegularText(file, { maxBytes: MAX_REPORT_BYTES });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file} is not valid JSON (${jsonParseReason(e)}); it should be the comparison.json a comparison wrote`);
  }
  return checkedReport(value, file);
}

function checkedReport(value: unknown, file: string): ComparisonReport {
  const problem = shapeProblem(value, report, 'report');
  if (problem) throw new InputError(`${file} is not a comparison report: ${problem}`);
  return value as ComparisonReport;
}
