/**
 * Everything about a comparison request that can be refused before anything is written: rows,
 * seeds, sizes, finetuning settings, the corpus and labelled data, and the comparison's folder
 * (new, or one this comparison started; never a folder holding something else, nor one inside
 * the corpus, whose rows' model folders would become training text). Each refusal is one line.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors';
import { readLabelled } from '../data/labelled';
import { labelsOf } from '../data/labelled-split';
import { checkOutputFolder } from '../train/checkpoint/output-folder';
import { DEFAULT_HYPERPARAMS, validateHyperparams } from '../train/run/hyperparams';
import { EPOCHS_FLAG, rangeProblem } from '../train/run/training-flags';
import type { CompareRequest } from './protocol';
import { rowsOf } from './rows';
import { hasState, STATE_FILE } from './state';

/** The labels of the labelled data, after checking the request; throws an InputError on the first problem. */
export function checkRequest(req: CompareRequest): string[] {
  rowsOf(req.rows.map((r) => r.id));
  checkSeeds(req.seeds);
  // The sizes are the pretrain command's flags of the same names, with its ranges.
  validateHyperparams({ ...DEFAULT_HYPERPARAMS, arch: 'bert', objective: 'mlm', tokenizer: 'wordpiece', ...req.model, minLr: req.model.lr / 10 });
  const epochs = rangeProblem('epochs', EPOCHS_FLAG, req.finetune.epochs);
  if (epochs || req.finetune.epochs === 0) throw new InputError(epochs ?? '--epochs must be above 0: every row is finetuned');
  if (!(req.finetune.lr > 0 && req.finetune.lr < 10)) throw new InputError(`--finetune-lr must be in (0, 10), got ${req.finetune.lr}`);
  if (!(Number.isSafeInteger(req.finetune.batch) && req.finetune.batch >= 1)) throw new InputError(`--finetune-batch must be a positive integer, got ${req.finetune.batch}`);
  if (!existsSync(req.corpus)) throw new InputError(`corpus ${req.corpus} does not exist; give a folder or file of text`);
  const fields = { textField: req.textField, labelField: req.labelField };
  const labels = labelsOf(readLabelled(req.data, fields), req.data);
  if (req.valData !== undefined) readLabelled(req.valData, fields);
  checkComparisonFolder(req);
  return labels;
}

function checkSeeds(seeds: readonly number[]): void {
  if (seeds.length === 0) throw new InputError('--seeds is empty; give a count (3) or a list (1,2,3)');
  for (const seed of seeds) {
    if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) throw new InputError(`--seeds: ${seed} is not a seed (an integer from 0 to 2^32 - 1)`);
  }
  if (new Set(seeds).size !== seeds.length) throw new InputError(`--seeds names a seed twice (${seeds.join(',')}); give each seed once`);
}

/** The comparison's folder: new or empty (a new comparison), or holding this comparison's state (a resume). */
function checkComparisonFolder(req: CompareRequest): void {
  const out = req.out;
  checkOutputFolder(out, { acceptForeignFiles: true });
  if (isInside(out, req.corpus)) throw new InputError(`--out ${out} is inside the corpus ${req.corpus}; the rows' model folders would become training text; choose an --out outside it`);
  const entries = existsSync(out) ? readdirSync(out) : [];
  if (req.resume) {
    if (!hasState(out)) throw new InputError(`--out ${out} holds no comparison to resume (no ${STATE_FILE}); start it without --resume`);
  } else if (hasState(out)) {
    throw new InputError(`--out ${out} already holds a comparison; pass --resume to continue it, or choose a new folder`);
  } else if (entries.length > 0) {
    throw new InputError(`--out ${out} is a folder with other files in it (${entries.length} entries) that is not a comparison; give a new or empty folder`);
  }
}

function isInside(child: string, parent: string): boolean {
  if (!existsSync(parent) || !statSync(parent).isDirectory()) return false;
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
