/**
 * The shape of index.json, checked field by field: a damaged or hand-edited file must be
 * recognised as such (and the index rebuilt), never half-used or crash a search later.
 * Returns the first problem as one line, or undefined when the file is sound.
 */
import type { PairKind, PairLanguage, UnitKind } from '../data/pairs/types';
import type { IndexedFile, IndexedUnit, ModelIdentity } from './index-types';

export interface IndexJson {
  format: string;
  version: number;
  root: string;
  model: ModelIdentity | null;
  dim: number;
  nextId: number;
  vectors: { file: string; sha256: string };
  files: IndexedFile[];
  units: IndexedUnit[];
}

const LANGUAGES = new Set<string>(['typescript', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp', 'markdown'] satisfies PairLanguage[]);
const KINDS = new Set<string>(['function', 'method', 'class', 'test', 'block', 'section'] satisfies UnitKind[]);
const DOC_KINDS = new Set<string>(['doc-comment', 'docstring', 'line-comment', 'markdown', 'test'] satisfies PairKind[]);
/** Wider than any encoder here; a bigger number is damage, not a model. */
const MAX_DIM = 65_536;
const SHA256_HEX = /^[0-9a-f]{64}$/;

type Problem = string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, min = 0): v is number => Number.isSafeInteger(v) && (v as number) >= min;
const isText = (v: unknown): v is string => typeof v === 'string';

export function checkIndexJson(value: unknown, format: string, version: number): Problem {
  if (!isObject(value)) return 'not a JSON object';
  if (value.format !== format) return `format is ${JSON.stringify(value.format)}, not ${format}`;
  if (value.version !== version) return `version ${JSON.stringify(value.version)} is not ${version}`;
  if (!isText(value.root) || value.root === '') return 'root is not a path';
  const model = checkModel(value.model);
  if (model) return model;
  if (!isCount(value.dim) || value.dim > MAX_DIM) return `dim ${JSON.stringify(value.dim)} is not a vector width`;
  if (!isCount(value.nextId, 1)) return 'nextId is not a positive integer';
  if (!isObject(value.vectors) || !isText(value.vectors.sha256) || !SHA256_HEX.test(value.vectors.sha256)) return 'vectors.sha256 is not a SHA-256 checksum';
  if (!Array.isArray(value.files)) return 'files is not a list';
  if (!Array.isArray(value.units)) return 'units is not a list';
  const files = new Set<string>();
  for (const [i, file] of value.files.entries()) {
    const problem = checkFile(file);
    if (problem) return `files[${i}] ${problem}`;
    if (files.has((file as IndexedFile).path)) return `files[${i}] repeats ${(file as IndexedFile).path}`;
    files.add((file as IndexedFile).path);
  }
  const ids = new Set<number>();
  for (const [i, unit] of value.units.entries()) {
    const problem = checkUnit(unit, files, value.nextId);
    if (problem) return `units[${i}] ${problem}`;
    if (ids.has((unit as IndexedUnit).id)) return `units[${i}] repeats id ${(unit as IndexedUnit).id}`;
    ids.add((unit as IndexedUnit).id);
  }
  return undefined;
}

function checkModel(model: unknown): Problem {
  if (model === null) return undefined;
  if (!isObject(model) || !isText(model.path) || !isText(model.fingerprint)) return 'model is neither null nor { path, fingerprint }';
  return undefined;
}

function checkFile(file: unknown): Problem {
  if (!isObject(file)) return 'is not an object';
  if (!isText(file.path) || file.path === '') return 'has no path';
  if (!isCount(file.bytes)) return 'has no byte count';
  if (!isText(file.contentHash) || !SHA256_HEX.test(file.contentHash)) return 'has no content hash';
  return undefined;
}

function checkUnit(unit: unknown, files: Set<string>, nextId: number): Problem {
  if (!isObject(unit)) return 'is not an object';
  if (!isCount(unit.id, 1) || unit.id >= nextId) return 'has no valid id';
  if (!isText(unit.file) || !files.has(unit.file)) return 'names a file the index does not list';
  if (!isText(unit.language) || !LANGUAGES.has(unit.language)) return `has unknown language ${JSON.stringify(unit.language)}`;
  if (!isText(unit.kind) || !KINDS.has(unit.kind)) return `has unknown kind ${JSON.stringify(unit.kind)}`;
  if (!isText(unit.name) || !isText(unit.code)) return 'has no name or code text';
  if (unit.doc !== undefined && !isText(unit.doc)) return 'has a doc that is not text';
  if (unit.docKind !== undefined && !(isText(unit.docKind) && DOC_KINDS.has(unit.docKind))) return `has unknown doc kind ${JSON.stringify(unit.docKind)}`;
  if (unit.codeWithoutDoc !== undefined && !isText(unit.codeWithoutDoc)) return 'has a codeWithoutDoc that is not text';
  if (!isCount(unit.startLine, 1) || !isCount(unit.endLine, 1) || unit.endLine < unit.startLine) return 'has no valid line range';
  return undefined;
}
