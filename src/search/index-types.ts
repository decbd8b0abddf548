/** The search index as held in memory and stored on disk (index-file.ts): units, their vectors, the files they came from. */
import type { CodeUnit } from '../data/pairs/types';

/** Which encoder made the vectors: a different folder, or new weights in the same one, needs new vectors. */
export interface ModelIdentity {
  /** The model folder's real path. */
  path: string;
  /** SHA-256 over the names, sizes and modification times of its config and weights files. */
  fingerprint: string;
}

/** A file of the workspace as it was when its units were indexed; content changes are caught by the hash. */
export interface IndexedFile {
  /** Relative to the root, '/' separators. */
  path: string;
  bytes: number;
  /** SHA-256 of the bytes (the corpus scan computes it): the file is re-mined only when it changes. */
  contentHash: string;
}

/** A unit with the id BM25 knows it by (stable across updates, never reused). */
export interface IndexedUnit extends CodeUnit {
  id: number;
}

export interface StoredIndex {
  /** The searched folder, absolute. */
  root: string;
  /** null for a BM25-only index (no vectors). */
  model: ModelIdentity | null;
  /** Vector width; 0 without a model. */
  dim: number;
  files: IndexedFile[];
  units: IndexedUnit[];
  /** units.length × dim, row i belongs to units[i]; each row L2-normalised. */
  vectors: Float32Array;
  /** The id the next new unit gets. */
  nextId: number;
}

/** The unit as stored: CodeUnit's fields only (a miner's extra fields are not kept), with its id. */
export function indexedUnit(unit: CodeUnit, id: number): IndexedUnit {
  const { file, language, kind, name, startLine, endLine, code, doc, docKind, codeWithoutDoc } = unit;
  return {
    id, file, language, kind, name, startLine, endLine, code,
    ...(doc !== undefined ? { doc } : {}),
    ...(docKind !== undefined ? { docKind } : {}),
    ...(codeWithoutDoc !== undefined ? { codeWithoutDoc } : {}),
  };
}

export function emptyIndex(root: string, model: ModelIdentity | null, dim: number): StoredIndex {
  return { root, model, dim, files: [], units: [], vectors: new Float32Array(0), nextId: 1 };
}
