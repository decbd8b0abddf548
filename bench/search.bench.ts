/**
 * Semantic code search quality on public code bases nobody here wrote (lodash and date-fns, npm
 * devDependencies copied into data/search/ by `npm run data:search`; copied here when missing).
 * Per code base: every JSDoc'd function gives a query (its description), ~20% of them are held
 * out by whole files (seeded), a small contrastive encoder is pretrained through the CLI on the
 * files of the rest (minus a validation tenth, on which the hybrid weight is chosen); every unit
 * of the code base is indexed as code alone (WorkspaceIndex, the index `pretrain-lab search`
 * uses; docstrings dropped) and each held-out query ranks them: MRR@10, recall@1 and @10 for
 * BM25 alone, the encoder alone and the hybrid. Then indexing speed and query latency on a
 * ≥10k-unit index made of the real files repeated with renamed identifiers. Writes
 * bench/results/search-quality.md. Run alone: `npm run build && npx tsx bench/search.bench.ts`
 * (the CLI trains the encoders). Numbers only, no asserts; about 9 minutes on 2 cores.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { languageOfPath, mineUnits, type CodeUnit } from '../src/data/pairs';
import { WorkspaceIndex } from '../src/search/workspace-index';
import type { SearchMode } from '../src/search/protocol';
import type { UnitMiner } from '../src/search/unit-miner';
import { listFiles, writeSearchData, type CopiedCodeBase } from '../scripts/search-data';
import { blankDocComments, copyFiles, writeSyntheticCopies } from './search-corpus';
import { percentile, pickHybridWeight, rankOf, retrievalScores, type RetrievalScores } from './search-metrics';
import { queryOf, splitByFile } from './search-queries';
import type { BenchResult } from './stats';
import { round, runWhenMain } from './stats';

const ROOT = path.join(__dirname, '..');
const DATA = path.join(ROOT, 'data', 'search');
const RESULTS = path.join(__dirname, 'results', 'search-quality.md');
const SEED = 1;
const HELD_OUT_SHARE = 0.2;
/** Share of all pairs (by files, from the training side) kept out of training to choose the hybrid weight on. */
const VALIDATION_SHARE = 0.1;
/** A query needs a few words to describe anything. */
const MIN_QUERY_WORDS = 3;
const K = 10;
const HYBRID_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const THREADS = 2;
/**
 * The encoder: small enough that a few minutes on 2 shared cores give it a couple of hundred
 * steps. Context 64 keeps a function's signature and first lines (its name, parameters and the
 * calls it starts with); the queue gives each step 256 negatives besides the batch's 15.
 */
const ENCODER = { layers: 2, heads: 4, dim: 128, context: 64, batch: 16, vocabSize: 4096, queueSize: 256, lr: 1e-3, warmup: 20 };

export interface SearchBenchOptions {
  codeBases: string[];
  /** Pretraining minutes per code base (the CLI's --max-minutes). */
  trainMinutes: number;
  /** Units of the synthetic index the query latency is measured on. */
  latencyUnits: number;
  latencyQueries: number;
  /** Where the report goes; undefined: not written. */
  report?: string;
}

export const DEFAULT_SEARCH_BENCH: SearchBenchOptions = { codeBases: ['lodash', 'date-fns'], trainMinutes: 4, latencyUnits: 10_000, latencyQueries: 200, report: RESULTS };

function encoderFlags(minutes: number): string[] {
  const e = ENCODER;
  return [
    '--arch', 'bert', '--objective', 'contrastive', '--tokenizer', 'wordpiece', '--vocab-size', String(e.vocabSize),
    '--layers', String(e.layers), '--heads', String(e.heads), '--dim', String(e.dim), '--context', String(e.context), '--batch', String(e.batch),
    '--queue-size', String(e.queueSize), '--lr', String(e.lr), '--warmup', String(e.warmup),
    '--steps', '100000', '--max-minutes', String(minutes), '--eval-every', '0', '--checkpoint-every', '0', '--seed', String(SEED), '--threads', String(THREADS),
  ];
}

/** One held-out (or validation) query and the unit it should find. */
interface Query {
  file: string;
  text: string;
  target: string;
}

const unitId = (u: { file: string; startLine: number }) => `${u.file}:${u.startLine}`;

/** Unit kinds a (docstring, function) query may target; JSDoc'd constants and other blocks are searched, not asked for. */
const QUERY_KINDS = new Set<CodeUnit['kind']>(['function', 'method', 'class']);

/**
 * The code base's JSDoc'd functions as queries: the description of each, skipping descriptions
 * too short to say anything and those several units share word for word (no single right answer).
 */
function queriesOf(units: readonly CodeUnit[]): Query[] {
  const candidates = units
    .filter((u) => u.docKind === 'doc-comment' && QUERY_KINDS.has(u.kind))
    .map((u) => ({ file: u.file, text: queryOf(u.doc!), target: unitId(u) }))
    .filter((q) => q.text.split(/\s+/).length >= MIN_QUERY_WORDS);
  const uses = new Map<string, number>();
  for (const q of candidates) uses.set(q.text, (uses.get(q.text) ?? 0) + 1);
  return candidates.filter((q) => uses.get(q.text) === 1);
}

/** Trains the contrastive encoder on `corpus` through the CLI; its minutes and steps. */
function pretrainEncoder(corpus: string, out: string, minutes: number): { minutes: number; steps: number } {
  const cli = [path.join(ROOT, 'bin', 'pretrain-lab.js'), 'pretrain', corpus, '--out', out, ...encoderFlags(minutes), '--json'];
  const stdout = execFileSync(process.execPath, cli, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 });
  const done = stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; elapsedMs?: number; step?: number }).find((e) => e.event === 'done');
  if (!done) throw new Error(`the encoder's pretraining printed no done event:\n${stdout.slice(-1000)}`);
  return { minutes: done.elapsedMs! / 60_000, steps: done.step! };
}

/**
 * Pair mining's units as the index sees them here: code alone, the describing text dropped and
 * any doc comment inside the code blanked, so no held-out docstring is searchable.
 */
const codeOnlyMiner: UnitMiner = (file, text, language) =>
  mineUnits(file, text, language).map(({ doc: _doc, docKind: _kind, codeWithoutDoc, ...unit }) => ({ ...unit, code: blankDocComments(codeWithoutDoc ?? unit.code) }));

async function scoresOf(index: WorkspaceIndex, queries: readonly Query[], mode: SearchMode, encoderWeight?: number): Promise<RetrievalScores> {
  const ranks: number[] = [];
  for (const q of queries) {
    const hits = await index.search(q.text, { mode, k: K, encoderWeight });
    ranks.push(rankOf(hits.map((h) => unitId(h.unit)), q.target));
  }
  return retrievalScores(ranks, K);
}

interface CodeBaseResult {
  name: string;
  source: CopiedCodeBase;
  files: number;
  units: number;
  pairs: number;
  trainQueries: number;
  validationQueries: number;
  heldOutQueries: number;
  heldOutFiles: number;
  pretrainMinutes: number;
  pretrainSteps: number;
  indexSeconds: number;
  hybridWeight: number;
  weightTried: { weight: number; mrr: number }[];
  scores: Record<'bm25' | 'encoder' | 'hybrid', RetrievalScores>;
  heldOut: Query[];
}

async function measureCodeBase(source: CopiedCodeBase, work: string, options: SearchBenchOptions): Promise<CodeBaseResult> {
  const name = source.name;
  const original = path.join(DATA, name);
  const files = listFiles(original);
  // A copy outside the repository: data/ is gitignored, and the index honours .gitignore files.
  const searched = path.join(work, name, 'searched');
  copyFiles(original, searched, files);
  const units = mineFolderUnits(searched, mineUnits);
  const queries = queriesOf(units);
  const { train: trainSide, heldOut } = splitByFile(queries, HELD_OUT_SHARE, SEED);
  const { train, heldOut: validation } = splitByFile(trainSide, VALIDATION_SHARE / (1 - HELD_OUT_SHARE), SEED + 1);
  assertNotSearchable(heldOut, mineFolderUnits(searched, codeOnlyMiner));
  const notTrained = new Set([...heldOut, ...validation].map((q) => q.file));
  const corpus = path.join(work, name, 'train');
  copyFiles(original, corpus, files.filter((f) => !notTrained.has(f)));
  const model = path.join(work, name, 'encoder');
  process.stderr.write(`search: ${name}: ${units.length} units, ${queries.length} queries (${heldOut.length} held out, ${validation.length} validation); pretraining ${options.trainMinutes} min…\n`);
  const pretrained = pretrainEncoder(corpus, model, options.trainMinutes);

  const index = await WorkspaceIndex.open({ root: searched, modelDir: model, indexDir: path.join(work, name, 'index'), session: { intraOpNumThreads: THREADS }, mineUnits: codeOnlyMiner });
  try {
    const update = await index.update();
    const picked = await pickHybridWeight(HYBRID_WEIGHTS, async (w) => (await scoresOf(index, validation, 'hybrid', w)).mrr);
    const scores = {
      bm25: await scoresOf(index, heldOut, 'bm25'),
      encoder: await scoresOf(index, heldOut, 'encoder'),
      hybrid: await scoresOf(index, heldOut, 'hybrid', picked.weight),
    };
    return {
      name, source, files: files.length, units: update.units, pairs: queries.length,
      trainQueries: train.length, validationQueries: validation.length, heldOutQueries: heldOut.length, heldOutFiles: new Set(heldOut.map((q) => q.file)).size,
      pretrainMinutes: pretrained.minutes, pretrainSteps: pretrained.steps, indexSeconds: update.seconds,
      hybridWeight: picked.weight, weightTried: picked.tried, scores, heldOut,
    };
  } finally {
    await index.close();
  }
}

/** The bench's guard against leakage: no held-out query may be found word for word in the indexed code. */
function assertNotSearchable(queries: readonly Query[], indexed: readonly CodeUnit[]): void {
  const flat = (text: string) => text.replace(/\s+/g, ' ');
  const codes = indexed.map((u) => flat(u.code));
  const leaked = queries.filter((q) => codes.some((code) => code.includes(q.text)));
  if (leaked.length > 0) throw new Error(`${leaked.length} held-out queries appear in the indexed code, e.g. "${leaked[0].text}" (${leaked[0].target})`);
}

/** Every unit `miner` finds in a folder's files (the languages pair mining reads). */
function mineFolderUnits(root: string, miner: UnitMiner): CodeUnit[] {
  return listFiles(root).flatMap((file) => {
    const language = languageOfPath(file);
    return language ? miner(file, readFileSync(path.join(root, ...file.split('/')), 'utf8'), language) : [];
  });
}

interface LatencyResult {
  units: number;
  copies: number;
  indexSeconds: number;
  queries: number;
  ms: Record<SearchMode, { p50: number; p95: number }>;
}

/** Indexes the searched copies repeated until ≥ `latencyUnits` units, with the last encoder; times queries in each mode. */
async function measureLatency(results: readonly CodeBaseResult[], work: string, queries: readonly string[], options: SearchBenchOptions): Promise<LatencyResult> {
  const root = path.join(work, 'synthetic');
  const copies = writeSyntheticCopies(results.map((r) => path.join(work, r.name, 'searched')), root, options.latencyUnits, (dir) => mineFolderUnits(dir, codeOnlyMiner).length);
  const model = path.join(work, results[results.length - 1].name, 'encoder');
  const index = await WorkspaceIndex.open({ root, modelDir: model, indexDir: path.join(work, 'synthetic-index'), session: { intraOpNumThreads: THREADS }, mineUnits: codeOnlyMiner });
  try {
    const update = await index.update();
    const chosen = Array.from({ length: options.latencyQueries }, (_, i) => queries[i % queries.length]);
    const ms = {} as LatencyResult['ms'];
    for (const mode of ['bm25', 'encoder', 'hybrid'] as const) {
      await index.search(chosen[0], { mode, k: K }); // warm-up
      const times: number[] = [];
      for (const q of chosen) {
        const t0 = performance.now();
        await index.search(q, { mode, k: K });
        times.push(performance.now() - t0);
      }
      ms[mode] = { p50: percentile(times, 50), p95: percentile(times, 95) };
    }
    return { units: update.units, copies, indexSeconds: update.seconds, queries: chosen.length, ms };
  } finally {
    await index.close();
  }
}

const pct = (x: number) => `${round(100 * x, 1)}%`;

function markdown(results: readonly CodeBaseResult[], latency: LatencyResult, options: SearchBenchOptions, machine: string, wallMinutes: number): string {
  const e = ENCODER;
  const lines = [
    '# Semantic code search: measured quality',
    '',
    `${machine}. Made by \`npm run bench\` (suite \`search\`, bench/search.bench.ts) in ${round(wallMinutes, 1)} minutes.`,
    '',
    `Code bases: ${results.map((r) => `${r.source.packageName}@${r.source.version} (${r.files} files: ${r.source.description})`).join('; ')}, from the npm registry (devDependencies; \`npm run data:search\`).`,
    '',
    `Queries: every JSDoc'd function, method or class of the code base gives one: its description's first paragraph (no tags or examples, which name the function; at least ${MIN_QUERY_WORDS} words; a description several units share word for word is left out). ${pct(HELD_OUT_SHARE)} of them are held out by whole files (seeded); a further ${pct(VALIDATION_SHARE)} (validation files, also never trained on) choose the hybrid weight, never the held-out queries. Each query searches every unit pair mining finds in the code base (functions, methods, classes and commented blocks), indexed as code alone: describing texts dropped and doc comments blanked, so no docstring can find itself.`,
    '',
    `Encoder: \`pretrain-lab pretrain <training files> --arch bert --objective contrastive\`, ${e.layers} layers × ${e.dim} wide, ${e.heads} heads, context ${e.context}, WordPiece ${e.vocabSize}, batch ${e.batch} pairs + a queue of ${e.queueSize} momentum-encoded negatives, lr ${e.lr}, from scratch, ${options.trainMinutes} minutes (\`--max-minutes\`) on the training files of that code base alone.`,
    '',
    '| code base | units | queries: held out (files) / validation / training | pretraining | mode | MRR@10 | recall@1 | recall@10 |',
    '|---|---:|---|---|---|---:|---:|---:|',
  ];
  for (const r of results) {
    for (const mode of ['bm25', 'encoder', 'hybrid'] as const) {
      const s = r.scores[mode];
      const label = mode === 'hybrid' ? `hybrid (encoder weight ${r.hybridWeight})` : mode === 'bm25' ? 'BM25' : 'encoder';
      lines.push(`| ${r.name} | ${r.units} | ${r.heldOutQueries} (${r.heldOutFiles}) / ${r.validationQueries} / ${r.trainQueries} | ${round(r.pretrainMinutes, 2)} min, ${r.pretrainSteps} steps | ${label} | ${round(s.mrr, 3)} | ${pct(s.recallAt1)} | ${pct(s.recallAtK)} |`);
    }
  }
  lines.push('', 'Hybrid weight (the encoder\'s share) on the validation queries, MRR@10 at each:', '');
  for (const r of results) lines.push(`- ${r.name}: ${r.weightTried.map((t) => `${t.weight} → ${round(t.mrr, 3)}`).join(', ')}`);
  lines.push(
    '',
    `Indexing and latency: a synthetic index of ${latency.units} units, the files of the code bases above repeated ${latency.copies} times (each copy after the first with its declared identifiers renamed, so no two copies are the same file), embedded by the ${results[results.length - 1].name} encoder; ${latency.queries} held-out queries per mode, one at a time, each embedded anew (k = ${K}).`,
    '',
    '| measure | value |',
    '|---|---:|',
    ...results.map((r) => `| indexing ${r.name}: ${r.units} units (scan, mining, embedding, BM25, writing the index) | ${Math.round(r.units / r.indexSeconds)} units/s |`),
    `| indexing the ${latency.units}-unit synthetic index | ${Math.round(latency.units / latency.indexSeconds)} units/s (${round(latency.indexSeconds, 1)} s) |`,
    ...(['bm25', 'encoder', 'hybrid'] as const).map((m) => `| query latency, ${m}, ${latency.units} units | p50 ${round(latency.ms[m].p50, 1)} ms, p95 ${round(latency.ms[m].p95, 1)} ms |`),
    '',
  );
  return lines.join('\n');
}

function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${new Date().toISOString()}, ${cpu}, ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg().map((x) => round(x, 2)).join(' ')}`;
}

export async function run(options: SearchBenchOptions = DEFAULT_SEARCH_BENCH): Promise<BenchResult[]> {
  const started = performance.now();
  const manifest = path.join(DATA, 'manifest.json');
  if (!existsSync(manifest)) writeSearchData(path.join(ROOT, 'node_modules'), DATA);
  const sources = (JSON.parse(readFileSync(manifest, 'utf8')) as CopiedCodeBase[]).filter((s) => options.codeBases.includes(s.name));
  if (sources.length === 0) throw new Error(`none of ${options.codeBases.join(', ')} in ${manifest}: run npm run data:search`);
  const work = mkdtempSync(path.join(os.tmpdir(), 'pretrain-lab-search-'));
  try {
    const results: CodeBaseResult[] = [];
    for (const source of sources) results.push(await measureCodeBase(source, work, options));
    const latency = await measureLatency(results, work, results.flatMap((r) => r.heldOut.map((q) => q.text)), options);
    const md = markdown(results, latency, options, machineLine(), (performance.now() - started) / 60_000);
    if (options.report) {
      mkdirSync(path.dirname(options.report), { recursive: true });
      writeFileSync(options.report, md);
    }
    process.stderr.write(md + '\n');
    return [
      ...results.flatMap((r) =>
        (['bm25', 'encoder', 'hybrid'] as const).map((mode) => ({
          name: `search ${r.name}: ${mode} MRR@10 on ${r.heldOutQueries} held-out docstrings`,
          value: round(r.scores[mode].mrr, 3),
          unit: 'MRR@10',
          note: `recall@1 ${pct(r.scores[mode].recallAt1)}, recall@10 ${pct(r.scores[mode].recallAtK)}${mode === 'hybrid' ? `, encoder weight ${r.hybridWeight} (chosen on validation)` : ''}; encoder pretrained ${round(r.pretrainMinutes, 2)} min`,
        })),
      ),
      { name: `search: indexing speed, ${latency.units} units`, value: Math.round(latency.units / latency.indexSeconds), unit: 'units/s', note: `scan, mining, embedding (${ENCODER.layers} × ${ENCODER.dim} encoder), BM25, writing the index` },
      ...(['bm25', 'encoder', 'hybrid'] as const).map((m) => ({ name: `search: ${m} query latency p50, ${latency.units} units`, value: round(latency.ms[m].p50, 1), unit: 'ms', note: `p95 ${round(latency.ms[m].p95, 1)} ms over ${latency.queries} queries` })),
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

runWhenMain(module, run);
