/**
 * Tokenizer throughput on one corpus (tiny Shakespeare + this repo's own .ts sources + the
 * TypeScript lib .d.ts files, capped at CORPUS_BYTES): our byte-level BPE training vs the HF
 * `tokenizers` trainer, and our encoding vs `tokenizers` encoding. Median of a few runs.
 * Numbers only; `npx tsx bench/tokenizer.bench.ts` prints them.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BPE, Tokenizer as HfTokenizer, byteLevelPreTokenizer } from 'tokenizers';
import { loadTokenizer, trainTokenizer } from '../src/tokenizer';
import { round, runWhenMain } from './stats';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const RUNS = 3;
const CORPUS_BYTES = 6_000_000;
/** The Node binding cannot configure its trainer: it always trains BpeTrainer::default(). */
const HF_DEFAULT_VOCAB = 30_000;
const REPO_ROOT = path.resolve(__dirname, '..');

export async function run(): Promise<BenchResult[]> {
  const lines = corpusLines();
  const megabytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) / 1e6;
  const corpusNote = `${megabytes.toFixed(1)} MB, ${lines.length} lines`;
  const results: BenchResult[] = [];
  const mbPerSecond = (seconds: number) => round(megabytes / seconds);

  let trained = trainTokenizer('bpe', lines, { vocabSize: HF_DEFAULT_VOCAB });
  const ourTrain = await medianSeconds(() => {
    trained = trainTokenizer('bpe', lines, { vocabSize: HF_DEFAULT_VOCAB });
  });
  results.push({ name: 'BPE training, ours', value: mbPerSecond(ourTrain), unit: 'MB/s', note: `vocab ${HF_DEFAULT_VOCAB}, min frequency 2, 1 thread; ${corpusNote}` });

  const dir = mkdtempSync(path.join(tmpdir(), 'pretrain-lab-bench-'));
  try {
    const corpusFile = path.join(dir, 'corpus.txt');
    writeFileSync(corpusFile, lines.join('\n'));
    const hfTrain = await medianSeconds(() => {
      const hf = new HfTokenizer(BPE.empty());
      hf.setPreTokenizer(byteLevelPreTokenizer(false, true));
      hf.train([corpusFile]);
    });
    results.push({
      name: 'BPE training, HF tokenizers',
      value: mbPerSecond(hfTrain),
      unit: 'MB/s',
      note: `its default trainer (vocab ${HF_DEFAULT_VOCAB}, min frequency 0; the Node binding cannot set them), multi-threaded, reads the file itself`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const json = JSON.stringify(trained.toJSON());
  const ourEncodeCold = await medianSeconds(() => {
    const fresh = loadTokenizer(json); // empty word cache
    for (const line of lines) fresh.encode(line);
  });
  results.push({ name: 'BPE encoding, ours (cold cache)', value: mbPerSecond(ourEncodeCold), unit: 'MB/s', note: 'a freshly loaded tokenizer, line by line' });
  const warm = loadTokenizer(json);
  for (const line of lines) warm.encode(line);
  const ourEncodeWarm = await medianSeconds(() => {
    for (const line of lines) warm.encode(line);
  });
  results.push({ name: 'BPE encoding, ours (warm cache)', value: mbPerSecond(ourEncodeWarm), unit: 'MB/s', note: 'second pass over the same lines' });

  const hf = HfTokenizer.fromString(json);
  const hfEncode = await medianSeconds(async () => {
    for (let i = 0; i < lines.length; i += 10_000) await hf.encodeBatch(lines.slice(i, i + 10_000), { addSpecialTokens: false });
  });
  results.push({ name: 'BPE encoding, HF tokenizers', value: mbPerSecond(hfEncode), unit: 'MB/s', note: 'encodeBatch of 10,000 lines (multi-threaded), same tokenizer.json' });
  return results;
}

function corpusLines(): string[] {
  const texts = [readFileSync(path.join(REPO_ROOT, 'models/corpus/tinyshakespeare.txt'), 'utf8')];
  let bytes = texts[0].length;
  const files = [...listFiles(path.join(REPO_ROOT, 'src'), '.ts'), ...listFiles(path.join(REPO_ROOT, 'node_modules/typescript/lib'), '.d.ts')];
  for (const file of files) {
    if (bytes >= CORPUS_BYTES) break;
    const text = readFileSync(file, 'utf8');
    texts.push(text);
    bytes += text.length;
  }
  return texts.join('\n').split('\n');
}

function listFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full, suffix) : name.endsWith(suffix) ? [full] : [];
    });
}

async function medianSeconds(work: () => void | Promise<void>): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await work();
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  seconds.sort((a, b) => a - b);
  return seconds[RUNS >> 1];
}


runWhenMain(module, run);
