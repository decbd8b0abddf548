/**
 * Field-by-field shape checks of the comparison's JSON files (comparison.json, comparison-state.json):
 * a hand-edited or truncated file gives one line naming the field at fault, never a TypeError later.
 */

export type Check = (value: unknown, where: string) => void;

/** Thrown by a check; readers turn it into an InputError naming their file. */
export class ShapeError extends Error {}

const fail = (where: string, what: string): never => {
  throw new ShapeError(`${where} ${what}`);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const num: Check = (v, where) => (typeof v === 'number' && Number.isFinite(v) ? undefined : fail(where, 'is not a finite number'));
export const str: Check = (v, where) => (typeof v === 'string' ? undefined : fail(where, 'is not a string'));
export const bool: Check = (v, where) => (typeof v === 'boolean' ? undefined : fail(where, 'is not true or false'));
export const optional = (check: Check): Check => (v, where) => (v === undefined ? undefined : check(v, where));
export const arrayOf = (check: Check): Check => (v, where) => (Array.isArray(v) ? v.forEach((item, i) => check(item, `${where}[${i}]`)) : fail(where, 'is not an array'));
export const recordOf = (check: Check): Check => (v, where) => (isObject(v) ? Object.entries(v).forEach(([k, x]) => check(x, `${where}.${k}`)) : fail(where, 'is not an object'));
export const fields = (shape: Record<string, Check>): Check => (v, where) => {
  if (!isObject(v)) return fail(where, 'is not an object');
  for (const [key, check] of Object.entries(shape)) check(v[key], `${where}.${key}`);
};
export const exactly = (expected: unknown, what: string): Check => (v, where) => (v === expected ? undefined : fail(where, what));
export const numberRecord: Check = recordOf(num);

/** A row with no finished seed has no mean: NaN, written as null. */
const numOrNull: Check = (v, where) => (v === null ? undefined : num(v, where));
export const meanSd = fields({ mean: numOrNull, sd: numOrNull });
export const pretrainResult = fields({
  steps: num, flops: num, minutes: num, tokensPerSec: num, finalValLoss: optional(num), metrics: numberRecord,
  curve: arrayOf(fields({ step: num, loss: num })),
});
export const finetuneResult = fields({ accuracy: num, macroF1: num, minutes: num });
export const seedResult = fields({ pretrain: optional(pretrainResult), finetune: finetuneResult });
export const plannedRow = {
  id: str, label: str, arch: str, objective: optional(str), steps: num, flopsPerStep: num, pretrainParameters: num, finetuneParameters: num,
};
export const budget: Check = (v, where) => {
  if (!isObject(v)) return fail(where, 'is not an object');
  if (v.kind === 'flops') return num(v.referenceSteps, `${where}.referenceSteps`);
  if (v.kind === 'minutes') return num(v.minutes, `${where}.minutes`);
  return fail(`${where}.kind`, 'is neither "flops" nor "minutes"');
};

/** `value` checked against `check`; the first problem as one line, or undefined. */
export function shapeProblem(value: unknown, check: Check, root: string): string | undefined {
  try {
    check(value, root);
    return undefined;
  } catch (e) {
    if (e instanceof ShapeError) return e.message;
    throw e;
  }
}
