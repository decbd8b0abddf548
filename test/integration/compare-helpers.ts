/**
 * Data and flags for the `pretrain-lab compare` tests: the review corpus and labelled reviews of
 * the classification tests, and sizes small enough that a row takes a second or two.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CompareRequest } from '../../src/compare/protocol';
import { knownRow } from '../../src/compare/rows';
import { tempDir } from './cli-helpers';
import { reviewCorpus, reviewsJsonl, seeded } from './labelled-helpers';

/** Writes corpus.txt and reviews.jsonl into `dir`. */
export function comparisonData(dir: string): { corpus: string; data: string } {
  const corpus = path.join(dir, 'corpus.txt');
  const data = path.join(dir, 'reviews.jsonl');
  writeFileSync(corpus, reviewCorpus(seeded(11)));
  writeFileSync(data, reviewsJsonl(seeded(12), 60));
  return { corpus, data };
}

/** A 1-layer, width-32 model of every row, 1 epoch of finetuning. */
export const TINY_COMPARE = ['--layers', '1', '--heads', '2', '--dim', '32', '--context', '16', '--batch', '4', '--vocab-size', '300', '--epochs', '1', '--threads', '1'];

export interface ComparisonFolder {
  dir: string;
  corpus: string;
  data: string;
  /** Where the comparison goes (inside `dir`; not made). */
  out: string;
}

/** A fresh temp folder with the comparison data in it (comparisonData). */
export function comparisonFolder(prefix: string, outName = 'comparison'): ComparisonFolder {
  const dir = tempDir(prefix);
  return { dir, ...comparisonData(dir), out: path.join(dir, outName) };
}

/** The arguments of a `pretrain-lab compare` of the folder's data into its `out` at TINY_COMPARE sizes, then `extra`. */
export function compareArgs(folder: ComparisonFolder, ...extra: string[]): string[] {
  return ['compare', folder.corpus, '--data', folder.data, '--out', folder.out, ...TINY_COMPARE, ...extra];
}

/** A fresh comparison folder and the `compare` arguments of it (compareArgs), with `extra`. */
export function tinyComparison(prefix: string, ...extra: string[]): ComparisonFolder & { args: string[] } {
  const folder = comparisonFolder(prefix);
  return { ...folder, args: compareArgs(folder, ...extra) };
}

/** The in-process form: a request for BERT-MLM and GPT-2 at the tiny sizes, on comparisonData(dir). */
export function tinyCompareRequest(dir: string, overrides: Partial<CompareRequest> = {}): CompareRequest {
  const { corpus, data } = comparisonData(dir);
  return {
    corpus,
    data,
    out: path.join(dir, 'comparison'),
    rows: ['bert-mlm', 'gpt2-clm'].map((id) => ({ id, arch: knownRow(id).arch, objective: knownRow(id).objective })),
    seeds: [1],
    budget: { kind: 'flops', referenceSteps: 4 },
    model: { layers: 1, heads: 2, dim: 32, context: 16, batch: 4, vocabSize: 300, lr: 1e-3 },
    finetune: { epochs: 1, lr: 5e-4, batch: 16 },
    settings: { device: 'cpu', threads: 1 },
    resume: false,
    ...overrides,
  };
}
