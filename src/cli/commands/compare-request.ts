/**
 * The compare command's flags as a CompareRequest: sizes, rows, seeds and budget from the flags,
 * or on --resume from the saved plan for every flag left out (the job refuses a given flag that
 * differs from the plan).
 */
import path from 'node:path';
import type { OptionSpecs, ParsedCommand } from '../args';
import { UsageError } from '../errors';
import type { CompareRequest } from '../../compare/protocol';
import { DEFAULT_ROW_IDS, knownRow, KNOWN_ROWS } from '../../compare/rows';
import { readState, type PlannedRequest } from '../../compare/state';
import { CLASSIFY_DEFAULTS } from '../../train/finetune/finetune-hyperparams';
import { DEFAULT_HYPERPARAMS } from '../../train/run/hyperparams';
import { COMMON_OPTIONS } from './command';
import { pretrainOptions, RUN_SETTING_OPTIONS } from './train-options';

/** The reference row's steps when neither --steps nor --minutes is given. */
export const DEFAULT_REFERENCE_STEPS = 300;

/** The model sizes every row shares, as the pretrain command's flags of the same names. */
export const SIZE_KEYS = ['layers', 'heads', 'dim', 'context', 'batch', 'vocabSize', 'lr'] as const;

const sizeOptions = Object.fromEntries(Object.entries(pretrainOptions()).filter(([key]) => (SIZE_KEYS as readonly string[]).includes(key))) as Pick<ReturnType<typeof pretrainOptions>, (typeof SIZE_KEYS)[number]>;

/** The compare command's flags (its spec's options). */
export const COMPARE_OPTIONS = {
    data: { type: 'string', required: true, valueName: 'path', description: 'labelled data every row is finetuned on: .jsonl ({"text","label"}), .csv with a header, or a folder per label' },
    out: { type: 'string', required: true, valueName: 'dir', description: 'the comparison folder: a sub-folder per row and seed, and the report' },
    rows: { type: 'string', valueName: 'ids', description: `comma-separated rows, from ${KNOWN_ROWS.map((r) => r.id).join(', ')} (default ${DEFAULT_ROW_IDS.join(',')})` },
    seeds: { type: 'string', valueName: 'list|count', description: 'seeds, as a list (1,2,3) or a count (3 = seeds 1, 2, 3); each seed runs every row (default 1)' },
    steps: { type: 'int', min: 1, description: `equal-FLOPs budget: every row may spend what BERT-MLM spends in this many steps (default ${DEFAULT_REFERENCE_STEPS})` },
    minutes: { type: 'float', above: 0, description: 'equal-time budget instead: this many minutes of pretraining per row and seed' },
    ...sizeOptions,
    epochs: { type: 'float', above: 0, description: `finetuning: passes over the labelled training data (default ${CLASSIFY_DEFAULTS.epochs})` },
    finetuneLr: { type: 'float', description: `finetuning learning rate (default ${CLASSIFY_DEFAULTS.lr})` },
    finetuneBatch: { type: 'int', min: 1, description: `finetuning batch (default ${CLASSIFY_DEFAULTS.batch})` },
    valData: { type: 'string', valueName: 'path', description: 'validation data in the same form (default: a stratified split of --data)' },
    textField: { type: 'string', valueName: 'name', description: 'JSONL key or CSV column of the text (default text)' },
    labelField: { type: 'string', valueName: 'name', description: 'JSONL key or CSV column of the label (default label)' },
    resume: { ...RUN_SETTING_OPTIONS.resume, description: 'continue the comparison in --out at the row and seed it was in (flags left out keep its values)' },
    device: RUN_SETTING_OPTIONS.device,
    threads: RUN_SETTING_OPTIONS.threads,
} as const satisfies OptionSpecs;

export function compareRequest({ positionals, options, given }: ParsedCommand<typeof COMPARE_OPTIONS & typeof COMMON_OPTIONS>): CompareRequest {
  if (given.has('steps') && given.has('minutes')) throw new UsageError('pretrain-lab compare: give --steps (equal FLOPs) or --minutes (equal time), not both');
  const out = path.resolve(options.out);
  // A resume takes what was planned for every flag left out; the job refuses any given flag that differs.
  const saved: Partial<PlannedRequest> = options.resume ? readState(out).request : {};
  const model = Object.fromEntries(SIZE_KEYS.map((k) => [k, options[k] ?? saved.model?.[k] ?? DEFAULT_HYPERPARAMS[k]])) as CompareRequest['model'];
  const rows = options.rows !== undefined ? parseList(options.rows) : (saved.rows ?? [...DEFAULT_ROW_IDS]);
  return {
    corpus: path.resolve(positionals[0]),
    data: path.resolve(options.data),
    ...optionalField('valData', options.valData !== undefined ? path.resolve(options.valData) : saved.valData),
    ...optionalField('textField', options.textField ?? saved.textField),
    ...optionalField('labelField', options.labelField ?? saved.labelField),
    out,
    rows: rows.map((id) => {
      const row = knownRow(id);
      return { id: row.id, arch: row.arch, ...(row.objective ? { objective: row.objective } : {}) };
    }),
    seeds: options.seeds !== undefined ? parseSeeds(options.seeds) : (saved.seeds ?? [1]),
    budget:
      options.minutes !== undefined ? { kind: 'minutes', minutes: options.minutes }
      : options.steps !== undefined ? { kind: 'flops', referenceSteps: options.steps }
      : (saved.budget ?? { kind: 'flops', referenceSteps: DEFAULT_REFERENCE_STEPS }),
    model,
    finetune: {
      epochs: options.epochs ?? saved.finetune?.epochs ?? CLASSIFY_DEFAULTS.epochs,
      lr: options.finetuneLr ?? saved.finetune?.lr ?? CLASSIFY_DEFAULTS.lr,
      batch: options.finetuneBatch ?? saved.finetune?.batch ?? CLASSIFY_DEFAULTS.batch,
    },
    settings: { device: options.device, ...(options.threads !== undefined ? { threads: options.threads } : {}) },
    resume: options.resume,
  };
}

/** `{ key: value }`, or nothing when the value is absent (the request leaves such fields out). */
function optionalField<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value !== undefined ? ({ [key]: value } as Record<K, string>) : {};
}

/** "a,b, c" → ["a", "b", "c"]; empty items are kept out, so `--rows ,` is an empty list. */
function parseList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** "3" → [1, 2, 3]; "1,5,9" → [1, 5, 9]. */
function parseSeeds(text: string): number[] {
  const items = parseList(text);
  const numbers = items.map((item) => {
    if (!/^\d+$/.test(item)) throw new UsageError(`pretrain-lab compare: --seeds takes a count (3) or a list of integers (1,2,3), got '${text}'`);
    return Number(item);
  });
  if (items.length === 1 && !text.includes(',')) {
    const count = numbers[0];
    if (count < 1 || count > 100) throw new UsageError(`pretrain-lab compare: --seeds ${count}: a count of seeds must be from 1 to 100 (or give a list, e.g. --seeds ${count},)`);
    return Array.from({ length: count }, (_, i) => i + 1);
  }
  return numbers;
}
