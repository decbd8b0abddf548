/**
 * The rows a comparison can hold: every (family, objective) pair the family registry can both
 * pretrain and finetune for classification, under a short id (`bert-mlm`, `electra-rtd`), plus the
 * no-pretraining baseline `none`. Family facts come from the registry; only the words for
 * objectives and the few ids that read better than `<arch>-<objective>` live here.
 */
import { InputError } from '../util/errors';
import { FAMILIES } from '../models/registry';
import type { ModelType } from '../models/configs';
import type { FamilySpec, ObjectiveName } from '../models/family';
import type { ComparisonRowSpec } from './protocol';

/** A row the table knows, with its words for the report. */
export interface KnownRow extends ComparisonRowSpec {
  /** Words for the table, e.g. "ELECTRA — replaced-token detection". */
  label: string;
}

/** The baseline's id: a randomly initialised BERT of the same sizes, finetuned directly. */
export const BASELINE_ROW = 'none';
/** The family and objective whose step the FLOPs budget is measured in (and the baseline's architecture). */
export const REFERENCE_ROW = 'bert-mlm';

/** The rows a comparison runs unless `--rows` says otherwise. */
export const DEFAULT_ROW_IDS = ['bert-mlm', 'roberta-mlm', 'albert-sop', 'electra-rtd', 'gpt2-clm', BASELINE_ROW] as const;

/** What each objective trains for, in words. */
const OBJECTIVE_WORDS: Record<ObjectiveName, string> = {
  clm: 'causal language modelling',
  mlm: 'masked language modelling',
  span: 'span corruption',
  rtd: 'replaced-token detection',
  'span-sbo': 'span masking + span boundary',
  'mlm+sop': 'masked LM + sentence order',
  tlm: 'translation LM on code ↔ text pairs',
  'tlm+match': 'translation LM + code ↔ text pair match',
  contrastive: 'contrastive code ↔ text',
};

/** Short ids of objectives where the objective's own name is not one (`mlm+sop` has a `+`). */
const OBJECTIVE_IDS: Partial<Record<ObjectiveName, string>> = { 'mlm+sop': 'sop', 'span-sbo': 'sbo', 'tlm+match': 'tlm-match' };

/** Pairs known under another name: BERT with SpanBERT's objective is SpanBERT. */
const NAMED_PAIRS: Partial<Record<`${ModelType}/${ObjectiveName}`, { id: string; name: string }>> = {
  'bert/span-sbo': { id: 'spanbert-sbo', name: 'SpanBERT' },
};

function rowOf(family: FamilySpec, objective: ObjectiveName): KnownRow {
  const named = NAMED_PAIRS[`${family.modelType}/${objective}`];
  const id = named?.id ?? `${family.modelType}-${OBJECTIVE_IDS[objective] ?? objective}`;
  return { id, arch: family.modelType, objective, label: `${named?.name ?? family.displayName} — ${OBJECTIVE_WORDS[objective]}` };
}

const BASELINE: KnownRow = { id: BASELINE_ROW, arch: 'none', label: 'No pretraining — BERT, random weights' };

/** Every row: each family that finetunes a classifier, with each objective it pretrains with; then the baseline. */
export const KNOWN_ROWS: readonly KnownRow[] = [
  ...FAMILIES.filter((f) => f.tasks.classify).flatMap((f) => (Object.keys(f.pretrain) as ObjectiveName[]).map((o) => rowOf(f, o))),
  BASELINE,
];

/** Why an (arch, objective) pair that the registry has cannot be a row: a family that cannot finetune a classifier. */
function unfit(id: string): string | undefined {
  for (const family of FAMILIES) {
    for (const objective of Object.keys(family.pretrain) as ObjectiveName[]) {
      if (rowOf(family, objective).id === id && !family.tasks.classify) {
        return `--rows ${id}: ${family.displayName} cannot be finetuned for classification, which every row of a comparison is`;
      }
    }
  }
  return undefined;
}

/** The known row of `id`; an InputError listing the known ids otherwise. */
export function knownRow(id: string): KnownRow {
  const row = KNOWN_ROWS.find((r) => r.id === id);
  if (row) return row;
  throw new InputError(unfit(id) ?? `--rows ${id} is not a row Pretrain Lab knows; choose from ${KNOWN_ROWS.map((r) => r.id).join(', ')}`);
}

/** The rows of a `--rows` list: known, each once, at least one. */
export function rowsOf(ids: readonly string[]): KnownRow[] {
  if (ids.length === 0) throw new InputError(`--rows is empty; give at least one of ${KNOWN_ROWS.map((r) => r.id).join(', ')}`);
  const seen = new Set<string>();
  return ids.map((id) => {
    if (seen.has(id)) throw new InputError(`--rows names ${id} twice; give each row once`);
    seen.add(id);
    return knownRow(id);
  });
}
