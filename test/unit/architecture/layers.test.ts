// The architecture, checked: every import in src/ and bench/ goes down the layer table below
// (or stays in its own layer), and no files import each other in a cycle. A violation prints
// the importing file and line, both layers, and the imported file; a cycle prints its path.
import * as assert from 'node:assert';
import * as path from 'node:path';
import { type ImportEdge, importCycles, importGraph, sourceFiles } from '../../helpers/import-graph';

interface Layer {
  name: string;
  /** Repo-relative folders (or single files) that belong to it. */
  paths: string[];
  /** Layers it may import besides its own. Default: every layer listed above it in LAYERS. */
  mayImport?: string[];
  /** Layers on the same level that it must not import (commands and views). */
  notSiblings?: string[];
}

/**
 * The intended layers, bottom first (DESIGN.md §2). A layer may import itself and anything
 * listed before it, unless `mayImport` narrows that.
 */
const LAYERS: Layer[] = [
  // Errors, regular-file reads, RNG, atomic writes, folder locks: plain Node, imported by everything.
  { name: 'util', paths: ['src/util'] },
  // The ONNX graph IR, builder, shape inference and ONNX reader/writer.
  { name: 'graph', paths: ['src/graph'] },
  // Gradient rules and the reverse walker over graphs.
  { name: 'autodiff', paths: ['src/autodiff'] },
  // ORT sessions, execution-provider choice, tensors: depends on graph only (DESIGN.md §2).
  { name: 'runtime', paths: ['src/runtime'], mayImport: ['graph', 'util'] },
  // Layers as graph-builder functions: embeddings, norms, attention, MLP.
  { name: 'nn', paths: ['src/nn'] },
  // Model folder formats: the folder's file names (layout.ts), safetensors, JSON files; no model knowledge.
  { name: 'modelfile', paths: ['src/modelfile'] },
  // The Hugging Face Hub client: file listing, resumable checked downloads, proxies (the CLI's only network use).
  { name: 'hub', paths: ['src/hub'] },
  // Tokenizer trainers, tokenizer.json I/O, encoding.
  { name: 'tokenizer', paths: ['src/tokenizer'] },
  // Workspace corpus scan, token cache, batches and masking per objective (tokens only, no models).
  { name: 'data', paths: ['src/data'] },
  // Model families (one folder each) and the family registry: configs, architectures, heads,
  // export, and whole model folders opened and loaded per family.
  { name: 'models', paths: ['src/models'] },
  // Step graphs, schedules, the training loop, evaluation, checkpoints.
  { name: 'train', paths: ['src/train'] },
  // Generation, fill-mask, classification, attention reports.
  { name: 'infer', paths: ['src/infer'] },
  // Objective comparisons: rows, FLOPs budget, the runner of pretrain + finetune per row, the report.
  { name: 'compare', paths: ['src/compare'] },
  // Cluster runs: a run exported for torchrun / accelerate (bundle, token shards, train.py) and brought back.
  { name: 'cluster', paths: ['src/cluster'] },
  // Semantic code search: the workspace index (vectors + BM25), ranking, hybrid scores.
  { name: 'search', paths: ['src/search'] },
  // Workers, job manager, typed job protocol.
  { name: 'jobs', paths: ['src/jobs'] },
  // The pretrain-lab command line.
  { name: 'cli', paths: ['src/cli'] },
  // The extension's state and services (settings, job front-ends, model catalog, run state).
  { name: 'host', paths: ['src/host'] },
  // One file per palette command, and wizards; opens panels only through host's Services.
  { name: 'commands', paths: ['src/commands'], notSiblings: ['views'] },
  // Webview panels, the Models tree and the status bar: render and talk to their webview.
  { name: 'views', paths: ['src/views'], notSiblings: ['commands'] },
  // activate(): builds host's services and wires commands and views to them.
  { name: 'extension', paths: ['src/extension.ts'] },
  // Benchmarks: may import anything in src; src never imports them.
  { name: 'bench', paths: ['bench'] },
];

/** commands and views sit on one level: neither is "above" the other. */
const SAME_LEVEL: string[][] = [['commands', 'views']];

/**
 * Imports that break the table today, outside the extension shell; each is to be fixed where it
 * is (then removed from here). Exact file → file pairs: any other violation fails the test.
 */
const KNOWN_VIOLATIONS: [from: string, to: string][] = [];

/** Import cycles that exist today outside the extension shell, as the files of each cycle. */
const KNOWN_CYCLES: string[][] = [];

const REPO = path.resolve(__dirname, '..', '..', '..');

function layerOf(file: string): Layer | undefined {
  return LAYERS.find((l) => l.paths.some((p) => file === p || file.startsWith(`${p}/`)));
}

function rank(name: string): number {
  const same = SAME_LEVEL.find((group) => group.includes(name));
  const first = same ? Math.min(...same.map((n) => LAYERS.findIndex((l) => l.name === n))) : LAYERS.findIndex((l) => l.name === name);
  return first;
}

function allowed(from: Layer, to: Layer): boolean {
  if (from === to) return true;
  if (from.notSiblings?.includes(to.name)) return false;
  if (from.mayImport) return from.mayImport.includes(to.name);
  return rank(to.name) < rank(from.name);
}

function describe_(edge: ImportEdge, from: string, to: string): string {
  return `  ${edge.from}:${edge.line} (${from}) imports ${edge.to} (${to})`;
}

describe('architecture: layers and import cycles', () => {
  const files = sourceFiles(REPO, ['src', 'bench']);
  const { edges, unresolved } = importGraph(REPO, files);
  // Imports of files outside src/ and bench/ (package.json, say) are not between layers.
  const inside = edges.filter((e) => layerOf(e.to) !== undefined || e.to.startsWith('src/') || e.to.startsWith('bench/'));

  it('reads a real import graph (guards against checking nothing)', () => {
    assert.ok(files.length > 100, `only ${files.length} files found`);
    assert.ok(inside.some((e) => e.from === 'src/extension.ts' && e.to.startsWith('src/commands/')), 'extension.ts imports commands');
    assert.deepStrictEqual(unresolved.map((e) => `${e.from}:${e.line} ${e.to}`), [], 'relative imports that name no file');
  });

  it('puts every file of src/ and bench/ in a layer', () => {
    assert.deepStrictEqual(files.filter((f) => !layerOf(f)), [], 'files in no layer: add their folder to LAYERS');
  });

  it('imports only downward (or within a layer), apart from the known violations', () => {
    const known = new Set(KNOWN_VIOLATIONS.map(([a, b]) => `${a} -> ${b}`));
    const found: string[] = [];
    const seen = new Set<string>();
    for (const edge of inside) {
      const from = layerOf(edge.from)!;
      const to = layerOf(edge.to);
      if (!to) {
        found.push(`  ${edge.from}:${edge.line} imports ${edge.to}, which is in no layer`);
        continue;
      }
      if (allowed(from, to)) continue;
      const key = `${edge.from} -> ${edge.to}`;
      seen.add(key);
      if (!known.has(key)) found.push(describe_(edge, from.name, to.name));
    }
    const stale = [...known].filter((k) => !seen.has(k)).map((k) => `  ${k}`);
    const report = [
      ...(found.length ? ['imports that go up the layer table (LAYERS in this file):', ...found] : []),
      ...(stale.length ? ['KNOWN_VIOLATIONS no longer found (fixed: remove them from the list):', ...stale] : []),
    ];
    assert.ok(report.length === 0, report.join('\n'));
  });

  it('has no import cycles between files, apart from the known ones', () => {
    const known = new Set(KNOWN_CYCLES.map((c) => [...c].sort().join(' ')));
    const cycles = importCycles(inside);
    const seen = new Set(cycles.map((c) => [...new Set(c)].sort().join(' ')));
    const fresh = cycles.filter((c) => !known.has([...new Set(c)].sort().join(' ')));
    const stale = [...known].filter((k) => !seen.has(k));
    const report = [
      ...(fresh.length ? ['import cycles:', ...fresh.map((c) => `  ${c.join(' -> ')}`)] : []),
      ...(stale.length ? ['KNOWN_CYCLES no longer found (fixed: remove them from the list):', ...stale.map((k) => `  ${k}`)] : []),
    ];
    assert.ok(report.length === 0, report.join('\n'));
  });

  it('keeps vscode out of every layer below commands and views, except host', () => {
    // host/ is the extension's state and may use vscode; nothing under it may.
    const below = new Set(LAYERS.slice(0, LAYERS.findIndex((l) => l.name === 'host')).map((l) => l.name));
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const ts = require('typescript') as typeof import('typescript');
    const offenders = files.filter((f) => below.has(layerOf(f)?.name ?? '') &&
      ts.preProcessFile(readFileSync(path.join(REPO, f), 'utf8'), true, true).importedFiles.some((r) => r.fileName === 'vscode'));
    assert.deepStrictEqual(offenders, []);
  });
});
