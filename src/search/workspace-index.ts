/**
 * A workspace's search index: its code units (functions, classes, Markdown sections) with one
 * encoder vector each and a BM25 index over the same units, stored in a folder outside the
 * workspace and kept up to date incrementally — `update()` re-mines and re-embeds only the files
 * whose content changed, drops deleted ones, and rewrites the folder atomically. A stored index
 * that cannot be read (any damage) is rebuilt from scratch, and the update says so. Used by
 * `pretrain-lab search` and by the extension's search commands, through this class alone.
 * One instance is not re-entrant: callers run its update() and searches one at a time.
 */
import path from 'node:path';
import type { CodeUnit } from '../data/pairs/types';
import { scanCorpus } from '../data/corpus-scan';
import { readCorpusText } from '../data/corpus-read';
import type { ScanOptions } from '../data/corpus-types';
import { openEmbedder, type TextEmbedder } from '../infer/embed';
import type { SessionConfig } from '../runtime';
import { canonicalFolder } from '../util/folder-lock';
import { InputError } from '../util/errors';
import { formatList } from '../util/format';
import { PAIR_LANGUAGES } from '../data/pairs';
import { Bm25Index } from './bm25';
import { defaultIndexDir } from './index-location';
import { checkIndexFolder, IndexCorruptError, readIndex, writeIndex } from './index-file';
import { emptyIndex, indexedUnit, type IndexedFile, type IndexedUnit, type ModelIdentity, type StoredIndex } from './index-types';
import { modelIdentity, sameModel } from './model-identity';
import type { IndexInfo, IndexUpdate, SearchHit, SearchMode, SearchOptions } from './protocol';
import { cosineScores, normalize, rankByBm25, rankByCosine, rankHybrid, type RankedRow } from './ranking';
import { bm25Text, embeddingText, preview } from './unit-text';
import { defaultUnitMiner, searchableLanguage, type UnitMiner } from './unit-miner';
import { DEFAULT_ENCODER_WEIGHT } from './protocol';

export const DEFAULT_K = 10;
export { DEFAULT_ENCODER_WEIGHT };
/** Units embedded per call: progress is reported and cancellation checked between batches. */
const EMBED_BATCH = 64;

export interface WorkspaceIndexOptions {
  /** The folder searched. */
  root: string;
  /** The encoder folder; absent for a BM25-only index. */
  modelDir?: string;
  /** Where the index is stored; default: defaultIndexDir(root, modelDir), in the user's cache folder. */
  indexDir?: string;
  /** ONNX Runtime settings for the encoder. */
  session?: SessionConfig;
  /** An already open encoder (the caller keeps ownership); default: opened from modelDir. */
  embedder?: TextEmbedder;
  /** How a file's units are found; default: pair mining's (src/data/pairs). */
  mineUnits?: UnitMiner;
  /** Include/exclude globs and limits of the workspace scan (gitignore is honoured by default). */
  scan?: Omit<ScanOptions, 'isRunOutput' | 'signal'>;
}

export interface UpdateOptions {
  /** Units embedded so far of those this update embeds. */
  onProgress?(embedded: number, total: number): void;
  signal?: AbortSignal;
}

export class WorkspaceIndex {
  /** Built on first use (an encoder-only search never needs it), then kept up to date by update(). */
  private bm25: Bm25Index | undefined;
  /** Unit id → its row in the index (and in the vector matrix). */
  private rowOfId: Map<number, number>;
  /** Why the stored index was unusable at open; the next update rebuilds and reports it. */
  private corruption: string | undefined;
  /** False until the index in memory is the one stored (or has been written). */
  private stored = false;

  private constructor(
    readonly root: string,
    readonly indexDir: string,
    private readonly model: ModelIdentity | null,
    private readonly embedder: TextEmbedder | undefined,
    private readonly ownsEmbedder: boolean,
    private readonly mineUnits: UnitMiner,
    private readonly scanOptions: WorkspaceIndexOptions['scan'],
    private index: StoredIndex,
  ) {
    this.rowOfId = new Map(index.units.map((u, row) => [u.id, row]));
  }

  /**
   * Opens the index of `root` (reading what is stored; nothing is written until update()) and
   * the encoder. Throws an InputError when the model folder is not an encoder.
   */
  static async open(options: WorkspaceIndexOptions): Promise<WorkspaceIndex> {
    const root = canonicalFolder(options.root);
    const indexDir = path.resolve(options.indexDir ?? defaultIndexDir(root, options.modelDir));
    checkIndexFolder(indexDir);
    const model = options.modelDir ? modelIdentity(options.modelDir) : null;
    let embedder = options.embedder;
    const ownsEmbedder = !embedder && options.modelDir !== undefined;
    if (ownsEmbedder) embedder = await openEmbedder(options.modelDir!, options.session);
    const dim = embedder?.dim ?? 0;
    let stored: StoredIndex | undefined;
    let corruption: string | undefined;
    try {
      stored = readIndex(indexDir);
    } catch (error) {
      if (!(error instanceof IndexCorruptError)) {
        if (ownsEmbedder) await embedder?.release();
        throw error;
      }
      corruption = error.message;
    }
    const usable = stored && stored.root === root && sameModel(stored.model, model) && stored.dim === dim;
    const index = new WorkspaceIndex(root, indexDir, model, embedder, ownsEmbedder, options.mineUnits ?? defaultUnitMiner, options.scan, usable ? stored! : emptyIndex(root, model, dim));
    index.corruption = corruption;
    index.stored = !!usable;
    return index;
  }

  info(): IndexInfo {
    return { root: this.root, model: this.model?.path ?? '', files: this.index.files.length, units: this.index.units.length, dim: this.index.dim };
  }

  /** Brings the index up to date with the workspace: only changed and new files are mined and embedded. */
  async update(options: UpdateOptions = {}): Promise<IndexUpdate> {
    const started = performance.now();
    const indexReal = canonicalFolder(this.indexDir);
    const scan = await scanCorpus(this.root, {
      ...this.scanOptions,
      signal: options.signal,
      // An index inside the workspace (asked for with --index-dir) is never indexed itself.
      isRunOutput: (real) => real === indexReal || real.startsWith(indexReal + path.sep),
    });
    const searchable = scan.files.filter((f) => searchableLanguage(f.relativePath) !== undefined);
    const before = new Map(this.index.files.map((f) => [f.path, f]));
    const now = new Set(searchable.map((f) => f.relativePath));
    const changed = searchable.filter((f) => before.get(f.relativePath)?.contentHash !== f.contentHash);
    const changedPaths = new Set(changed.map((f) => f.relativePath));
    const filesRemoved = [...before.keys()].filter((p) => !now.has(p));

    const keptFiles = this.index.files.filter((f) => now.has(f.path) && !changedPaths.has(f.path));
    const keptRows: number[] = [];
    const droppedIds: number[] = [];
    this.index.units.forEach((u, row) => {
      if (now.has(u.file) && !changedPaths.has(u.file)) keptRows.push(row);
      else droppedIds.push(u.id);
    });

    const newFiles: IndexedFile[] = [];
    const newUnits: CodeUnit[] = [];
    for (const file of changed) {
      options.signal?.throwIfAborted();
      const read = readCorpusText(file.path, { maxBytes: scan.maxFileBytes });
      // Changed or vanished since the scan: left out now, picked up by the next update.
      if (!read.ok) continue;
      newFiles.push({ path: file.relativePath, bytes: file.bytes, contentHash: file.contentHash });
      newUnits.push(...this.mineUnits(file.relativePath, read.value.text, searchableLanguage(file.relativePath)!));
    }
    const newVectors = await this.embedUnits(newUnits, options);

    // Nothing changed (the usual case before a search): the index in memory is kept as it is,
    // rather than copying every vector into a new matrix of the same content.
    const unchanged = changed.length === 0 && filesRemoved.length === 0;
    const next = unchanged ? this.index : this.merged(keptRows, keptFiles, newFiles, newUnits, newVectors);

    // A workspace with nothing to index leaves no index behind (nothing to keep, nothing written),
    // unless a damaged one is there to be replaced.
    const firstWrite = !this.stored && (next.files.length > 0 || this.corruption !== undefined);
    if (firstWrite || !unchanged) await writeIndex(this.indexDir, next);
    this.index = next;
    this.stored = true;
    if (!unchanged) {
      for (const id of droppedIds) this.bm25?.discard(id);
      for (const unit of next.units.slice(keptRows.length)) this.bm25?.add(unit.id, bm25Text(unit));
      this.rowOfId = new Map(next.units.map((u, row) => [u.id, row]));
    }
    const corruptionReason = this.corruption;
    this.corruption = undefined;
    return {
      filesIndexed: newFiles.map((f) => f.path),
      filesRemoved,
      units: next.units.length,
      rebuiltAfterCorruption: corruptionReason !== undefined,
      ...(corruptionReason !== undefined ? { corruptionReason } : {}),
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** The kept rows of the current index followed by the new units, with their vectors. */
  private merged(keptRows: readonly number[], keptFiles: readonly IndexedFile[], newFiles: readonly IndexedFile[], newUnits: readonly CodeUnit[], newVectors: readonly Float32Array[]): StoredIndex {
    const dim = this.index.dim;
    const units: IndexedUnit[] = keptRows.map((row) => this.index.units[row]);
    const vectors = new Float32Array((keptRows.length + newUnits.length) * dim);
    keptRows.forEach((row, i) => vectors.set(this.index.vectors.subarray(row * dim, (row + 1) * dim), i * dim));
    let nextId = this.index.nextId;
    newUnits.forEach((unit, i) => {
      units.push(indexedUnit(unit, nextId++));
      if (dim > 0) vectors.set(newVectors[i], (keptRows.length + i) * dim);
    });
    const files = [...keptFiles, ...newFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { root: this.root, model: this.model, dim, files, units, vectors, nextId };
  }

  /** Units ranked for a query in words (or code). */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    if (query.trim() === '') throw new InputError('the search query is empty; describe the code to find, e.g. "parse the config file"');
    return this.rank(query, options);
  }

  /** Units most like a piece of code (the editor's selection). */
  async similar(code: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    if (code.trim() === '') throw new InputError('the code to find similar units for is empty; select some code first');
    return this.rank(code, { mode: this.embedder ? 'encoder' : 'bm25', ...options });
  }

  /** The mode a search runs in when none is asked for: hybrid with an encoder, BM25 without. */
  defaultMode(): SearchMode {
    return this.embedder ? 'hybrid' : 'bm25';
  }

  async close(): Promise<void> {
    if (this.ownsEmbedder) await this.embedder?.release();
  }

  private async rank(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const mode = options.mode ?? this.defaultMode();
    const k = options.k ?? DEFAULT_K;
    const weight = options.encoderWeight ?? DEFAULT_ENCODER_WEIGHT;
    if (!Number.isSafeInteger(k) || k < 1) throw new InputError(`k must be a whole number of hits ≥ 1, not ${k}`);
    if (!(weight >= 0 && weight <= 1)) throw new InputError(`the encoder weight must be between 0 and 1, not ${weight}`);
    if (mode !== 'bm25' && !this.embedder) throw new InputError(`--mode ${mode} needs an encoder model folder; give one, or search with --mode bm25`);
    if (this.index.units.length === 0) {
      throw new InputError(`${this.root} has no functions, classes or Markdown sections to search (${this.index.files.length} source files read); search a folder with code in ${formatList([...PAIR_LANGUAGES])}`);
    }
    const rowOfId = (id: number) => this.rowOfId.get(id);
    let ranked: RankedRow[];
    if (mode === 'bm25') {
      ranked = rankByBm25(this.bm25Index().search(query), rowOfId, k);
    } else {
      const [queryVector] = await this.embedder!.embed([query]);
      const cosines = cosineScores(this.index.vectors, this.index.dim, normalize(Float32Array.from(queryVector)));
      ranked = mode === 'encoder' ? rankByCosine(cosines, k) : rankHybrid({ cosines, bm25: this.bm25Index().search(query), rowOfId, encoderWeight: weight, k });
    }
    return ranked.map(({ row, ...scores }) => {
      const { code, codeWithoutDoc: _codeWithoutDoc, id: _id, ...unit } = this.index.units[row];
      return { ...scores, unit: { ...unit, preview: preview(code) } };
    });
  }

  private async embedUnits(units: readonly CodeUnit[], options: UpdateOptions): Promise<Float32Array[]> {
    if (!this.embedder || units.length === 0) return [];
    const vectors: Float32Array[] = [];
    for (let start = 0; start < units.length; start += EMBED_BATCH) {
      options.signal?.throwIfAborted();
      const batch = units.slice(start, start + EMBED_BATCH).map((u) => embeddingText(u, this.embedder!.maxTokens));
      for (const v of await this.embedder.embed(batch)) {
        if (v.length !== this.index.dim) throw new Error(`the encoder returned a vector of ${v.length} numbers where its width is ${this.index.dim}`);
        vectors.push(normalize(Float32Array.from(v)));
      }
      options.onProgress?.(vectors.length, units.length);
    }
    return vectors;
  }

  /**
   * BM25 over the units, built from the stored units the first time a search needs it. It is not
   * stored: a structure rebuilt from checked units cannot be damaged, and re-tokenising costs
   * about as much as loading a serialised one would.
   */
  private bm25Index(): Bm25Index {
    if (!this.bm25) {
      this.bm25 = new Bm25Index();
      for (const unit of this.index.units) this.bm25.add(unit.id, bm25Text(unit));
    }
    return this.bm25;
  }
}
