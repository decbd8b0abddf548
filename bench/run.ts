/**
 * `npm run bench`: runs every benchmark module in turn (never in parallel: they would share
 * the cores), prints the table and writes it as markdown + JSON under bench/results/ with the
 * machine and the date. Numbers only: nothing here asserts on time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult } from './stats';

const SUITES: Record<string, () => Promise<{ run(): Promise<BenchResult[]> }>> = {
  matmul: () => import('./matmul.bench'),
  train: () => import('./train.bench'),
  generate: () => import('./generate.bench'),
  attention: () => import('./attention.bench'),
  tokenizer: () => import('./tokenizer.bench'),
  corpus: () => import('./corpus.bench'),
  activation: () => import('./activation.bench'),
  scaling: () => import('./scaling.bench'),
  nanogpt: () => import('./nanogpt.bench'),
  families: () => import('./families.bench'),
  search: () => import('./search.bench'),
  contrastive: () => import('./contrastive.bench'),
  'real-sizes': () => import('./real-sizes.bench'),
};

/**
 * Suites `npm run bench` runs when none is named: all of them, every measure of issue 7 (scaling
 * and the 2000-step nanoGPT run take about three minutes of the whole) and issue 13's per-family
 * step throughput (`families`: 216 s on 2 cores under a load average of 9), and issue 14's search
 * quality (`search`: two encoders pretrained 4 minutes each, about 9 minutes in all, also
 * written to bench/results/search-quality.md). The npm script builds first: `activation` loads
 * dist/extension.js, `nanogpt` and `search` run the CLI.
 */
const DEFAULT_SUITES = Object.keys(SUITES);

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const names = only.length ? only : DEFAULT_SUITES;
  const rows: (BenchResult & { suite: string })[] = [];
  for (const suite of names) {
    const load = SUITES[suite];
    if (!load) throw new Error(`unknown benchmark '${suite}'; known: ${Object.keys(SUITES).join(', ')}`);
    process.stderr.write(`running ${suite}…\n`);
    for (const r of await (await load()).run()) rows.push({ suite, ...r });
  }
  const machine = {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  const md = [
    `Benchmarks — ${machine.date}, ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load average at end ${machine.loadAverage.join(' ')}`,
    '',
    '| suite | measure | value | unit | note |',
    '|---|---|---:|---|---|',
    ...rows.map((r) => `| ${r.suite} | ${r.name} | ${r.value} | ${r.unit} | ${r.note ?? ''} |`),
  ].join('\n');
  console.log(md);
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  // The default set writes latest.*; a named set (e.g. scaling) its own file, so neither overwrites the other.
  const base = only.length ? `latest-${names.join('-')}` : 'latest';
  writeFileSync(path.join(dir, `${base}.md`), md + '\n');
  writeFileSync(path.join(dir, `${base}.json`), JSON.stringify({ machine, results: rows }, null, 2) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
