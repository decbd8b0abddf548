// Reads a comparison's report (comparison.json) for the comparison view: the file goes through
// the regular-file reader, and its shape is checked field by field, so a hand-edited or
// truncated report gives one line naming the field instead of a view that draws nonsense.
import type { ComparisonReport } from '../../compare/protocol';
import { InputError } from '../../util/errors';
import { readRegularText } from '../../util/regular-file';

const MAX_REPORT_BYTES = 64 * 1024 * 1024;

type Check = (value: unknown, where: string) => void;

class ReportShapeError extends Error {}

const fail = (where: string, what: string): never => {
  throw new ReportShapeError(`${where} ${what}`);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num: Check = (v, where) => (typeof v === 'number' && Number.isFinite(v) ? undefined : fail(where, 'is not a finite number'));
const str: Check = (v, where) => (typeof v === 'string' ? undefined : fail(where, 'is not a string'));
const optional = (check: Check): Check => (v, where) => (v === undefined ? undefined : check(v, where));
const arrayOf = (check: Check): Check => (v, where) => (Array.isArray(v) ? v.forEach((item, i) => check(item, `${where}[${i}]`)) : fail(where, 'is not an array'));
const fields = (shape: Record<string, Check>): Check => (v, where) => {
  if (!isObject(v)) return fail(where, 'is not an object');
  for (const [key, check] of Object.entries(shape)) check(v[key], `${where}.${key}`);
};
const numberRecord: Check = (v, where) => (isObject(v) ? Object.entries(v).forEach(([k, x]) => num(x, `${where}.${k}`)) : fail(where, 'is not an object'));

/** A row with no finished seed has no mean: NaN, written as null. */
const numOrNull: Check = (v, where) => (v === null ? undefined : num(v, where));
const meanSd = fields({ mean: numOrNull, sd: numOrNull });
const seedResult = fields({
  pretrain: optional(fields({
    steps: num, flops: num, minutes: num, tokensPerSec: num, finalValLoss: optional(num), metrics: numberRecord,
    curve: arrayOf(fields({ step: num, loss: num })),
  })),
  finetune: fields({ accuracy: num, macroF1: num, minutes: num }),
});
const reportRow = fields({
  id: str, label: str, arch: str, objective: optional(str), steps: num, flopsPerStep: num, pretrainParameters: num, finetuneParameters: num,
  seeds: arrayOf(fields({ seed: num, result: seedResult })), accuracy: meanSd, macroF1: meanSd,
});
const budget: Check = (v, where) => {
  if (!isObject(v)) return fail(where, 'is not an object');
  if (v.kind === 'flops') return num(v.referenceSteps, `${where}.referenceSteps`);
  if (v.kind === 'minutes') return num(v.minutes, `${where}.minutes`);
  return fail(`${where}.kind`, 'is neither "flops" nor "minutes"');
};
const report = fields({
  version: (v, where) => (v === 1 ? undefined : fail(where, 'is not 1 (a report of another version of Pretrain Lab)')),
  corpus: str, data: str, budget, model: numberRecord, finetune: numberRecord, rows: arrayOf(reportRow),
  complete: (v, where) => (typeof v === 'boolean' ? undefined : fail(where, 'is not true or false')),
});

/** The report in `file` (a comparison.json), checked; throws InputError naming what is wrong. */
export function readComparisonReport(file: string): ComparisonReport {
  const text = readRegularText(file, { maxBytes: MAX_REPORT_BYTES });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file} is not valid JSON (${(e as Error).message}); it should be the comparison.json a comparison wrote`);
  }
  return checkedReport(value, file);
}

function checkedReport(value: unknown, file: string): ComparisonReport {
  try {
    report(value, 'report');
  } catch (e) {
    if (e instanceof ReportShapeError) throw new InputError(`${file} is not a comparison report: ${e.message}`);
    throw e;
  }
  return value as ComparisonReport;
}
