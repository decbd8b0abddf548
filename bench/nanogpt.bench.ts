/**
 * The nanoGPT-equivalent run of issue 7 (DESIGN.md §3) end to end, through the real CLI
 * (`bin/pretrain-lab.js`, so `npm run bench` builds first): 2000 steps of a char-level GPT-2
 * (4 layers × 4 heads × 128, context 64, batch 12) on the bundled tiny Shakespeare with nanoGPT's
 * schedule, optimizer and split. Peak RSS is GNU time's maximum over the CLI and the job process
 * it forks (wait4 counts waited-for descendants). Reports the in-run validation loss (one fixed
 * draw of 20 batches, reused at every evaluation), what nanoGPT's own estimate (20 fresh random
 * batches) gives on the final model — mean and spread of 30 draws — the loss over 400 batches of
 * the validation tail, and wall time. About two minutes. Run alone: `npx tsx bench/nanogpt.bench.ts`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateCorpus } from '../src/train/run/evaluate-corpus';
import type { BenchResult } from './stats';
import { round } from './stats';

const ROOT = path.join(__dirname, '..');
const CORPUS = path.join(ROOT, 'models', 'corpus', 'tinyshakespeare.txt');
const NANOGPT_VAL_LOSS = 1.886; // issue 7: PyTorch nanoGPT's CPU recipe after 2000 steps
const DRAWS = 30;
const GNU_TIME = '/usr/bin/time';
const RECIPE = '--arch gpt2 --tokenizer char --layers 4 --heads 4 --dim 128 --context 64 --batch 12 --steps 2000 --lr 1e-3 --min-lr 1e-4 --warmup 100 --weight-decay 0.1 --beta2 0.99 --clip 1.0 --dropout 0 --val-fraction 0.1 --eval-every 250 --eval-batches 20 --threads 2';

export async function run(seed = 0): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pretrain-lab-nanogpt-'));
  try {
    const out = path.join(dir, 'model');
    const cli = [path.join(ROOT, 'bin', 'pretrain-lab.js'), 'pretrain', CORPUS, '--out', out, ...RECIPE.split(' '), '--seed', String(seed), '--json'];
    const timed = existsSync(GNU_TIME);
    const t0 = performance.now();
    const stdout = execFileSync(timed ? GNU_TIME : process.execPath, timed ? ['-f', 'maxrss_kb %M', '-o', path.join(dir, 'rusage'), process.execPath, ...cli] : cli, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 });
    const wallMs = performance.now() - t0;
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; valLoss?: number; tokensPerSec?: number });
    const inRunValLoss = events.filter((e) => e.event === 'eval').at(-1)!.valLoss!;
    const tokensPerSec = events.filter((e) => e.event === 'progress').at(-1)?.tokensPerSec ?? NaN;
    const rss = timed ? /maxrss_kb (\d+)/.exec(readFileSync(path.join(dir, 'rusage'), 'utf8')) : null;

    // The validation tail as nanoGPT's prepare.py cuts it: the last 10% of the characters.
    const text = readFileSync(CORPUS, 'utf8');
    const tail = path.join(dir, 'val-tail.txt');
    writeFileSync(tail, text.slice(Math.floor(text.length * 0.9)));
    const evaluate = async (batches: number, drawSeed?: number) => (await evaluateCorpus({ model: out, corpus: tail, batch: 12, batches, context: 64, seed: drawSeed, session: { intraOpNumThreads: 2 } })).loss;
    const fullValLoss = await evaluate(400);
    const draws: number[] = [];
    for (let s = 1; s <= DRAWS; s++) draws.push(await evaluate(20, s));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1));
    const atOrBelow = draws.filter((l) => l <= NANOGPT_VAL_LOSS).length;
    return [
      { name: `nanoGPT-equivalent 2000 steps (seed ${seed}): validation loss as nanoGPT estimates it`, value: round(mean, 4), unit: 'loss', note: `mean of ${DRAWS} draws of 20 random batches, sd ${round(sd, 4)}; ${atOrBelow}/${DRAWS} ≤ nanoGPT's ${NANOGPT_VAL_LOSS}; target ≤ 1.89` },
      { name: 'nanoGPT-equivalent 2000 steps: validation loss over 400 batches', value: round(fullValLoss, 4), unit: 'loss', note: '307,200 tokens of the last 10% of the text' },
      { name: 'nanoGPT-equivalent 2000 steps: in-run validation loss', value: round(inRunValLoss, 4), unit: 'loss', note: 'the fixed draw of 20 batches every evaluation uses' },
      { name: 'nanoGPT-equivalent 2000 steps: wall time', value: round(wallMs / 1000, 1), unit: 's', note: `the whole CLI run: tokenizer, cache, 8 evaluations and checkpoints included; ${Math.round(tokensPerSec)} tokens/s at the end` },
      rss
        ? { name: 'nanoGPT-equivalent 2000 steps: peak RSS', value: Math.round(Number(rss[1]) / 1024), unit: 'MiB', note: 'GNU time: the larger of the CLI and its job process; target ≤ 400, nanoGPT ~317' }
        : { name: 'nanoGPT-equivalent 2000 steps: peak RSS', value: NaN, unit: 'MiB', note: `not measured: ${GNU_TIME} is missing (Debian package 'time')` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) run().then((rows) => console.table(rows));
