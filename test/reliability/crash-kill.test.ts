/**
 * Crash safety: SIGKILL a real `pretrain-lab pretrain` (tiny model, a checkpoint after every
 * step) at 50 seeded random moments — half right after a step's progress line, while its
 * checkpoint is being written, half at a random time since the process started (start-up,
 * crash recovery, a step, a checkpoint). After every kill the folder must load as a model
 * (`loadModelFolder`) and as a checkpoint (`readCheckpoint`), and the next `--resume` (which is
 * the next process to be killed) must start from it; a last `--resume` runs to completion.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadModelFolder } from '../../src/models/model-folder';
import { lockFileFor } from '../../src/util/folder-lock';
import type { Gpt2Config } from '../../src/models/configs';
import { readCheckpoint } from '../../src/train/checkpoint/checkpoint';
import { causalLmForward } from '../../src/train/forward-clm';
import { paramSpecsOf } from '../../src/train/step/param-specs';
import { buildCliOnce, jsonEvents, runCli, startCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';
import { Rng } from './mutate';
import { pairCorpus } from './pair-corpus';

const KILLS = 50;

/** A family or objective run whose kills are checked: its flags, its corpus, the folders it keeps. */
interface ResumeCase {
  label: string;
  /** Flags after the corpus and --out (the architecture, the objective). */
  args: string[];
  /** Writes the corpus the run reads under `dir`; its path. */
  corpus(dir: string): string;
  /** Model folders, relative to --out, that must load after every kill, and the model_type each holds. */
  folders: { path: string; modelType: string }[];
  /** JSON files besides the model's, relative to --out, that must parse after every kill. */
  jsonFiles?: string[];
  kills: number;
  seed: number;
}

const PAIR_KILLS = 6;
const RESUME_CASES: ResumeCase[] = [
  { label: 'ELECTRA', args: ['--arch', 'electra'], corpus: tinyCorpus, folders: [{ path: '.', modelType: 'electra' }, { path: 'generator', modelType: 'electra' }], kills: 10, seed: 77 },
  // Language embeddings, and rows of code ↔ comment pairs drawn from the pair data.
  { label: 'XLM with translation LM', args: ['--arch', 'xlm', '--objective', 'tlm'], corpus: pairCorpus, folders: [{ path: '.', modelType: 'xlm' }], kills: PAIR_KILLS, seed: 78 },
  // Box embeddings computed from the text's lines.
  { label: 'LayoutLM', args: ['--arch', 'layoutlm'], corpus: tinyCorpus, folders: [{ path: '.', modelType: 'layoutlm' }], kills: PAIR_KILLS, seed: 79 },
  // The pooled match head's weights beside the encoder's.
  { label: 'BERT with TLM + match', args: ['--arch', 'bert', '--objective', 'tlm+match'], corpus: pairCorpus, folders: [{ path: '.', modelType: 'bert' }], kills: PAIR_KILLS, seed: 80 },
  // The queue and momentum encoder carried between steps, and the sentence-transformers files.
  { label: 'the contrastive encoder', args: ['--arch', 'bert', '--objective', 'contrastive'], corpus: pairCorpus, folders: [{ path: '.', modelType: 'bert' }], jsonFiles: ['modules.json', '1_Pooling/config.json'], kills: PAIR_KILLS, seed: 81 },
];
const RUN = [...TINY_RUN, '--steps', '100000', '--checkpoint-every', '1', '--eval-every', '0', '--seed', '3', '--json'];

interface Kill {
  /** Checkpoint step found after the kill. */
  step: number;
  midCheckpoint: boolean;
}

/** The step of the newest checkpoint, whichever side of a half-done swap holds it. */
function lastStep(out: string): number {
  const candidates = ['training', ...swapSiblings(out)].map((name) => path.join(out, name, 'state.json'));
  const steps = candidates.filter((f) => existsSync(f)).map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { step: number }).step);
  return Math.max(0, ...steps);
}

/** Starts the CLI and SIGKILLs it at the moment `rng` picks; resolves once it is dead. */
function runAndKill(args: string[], rng: Rng, mustHaveCheckpoint: boolean): Promise<{ signal: string | null; stdout: string }> {
  const child = startCli(args);
  const atCheckpoint = mustHaveCheckpoint || rng.int(2) === 0;
  const delayMs = atCheckpoint ? rng.int(6) : 50 + rng.int(900);
  let stdout = '';
  let armed = false;
  const kill = () => {
    if (armed) return;
    armed = true;
    setTimeout(() => child.kill('SIGKILL'), delayMs);
  };
  if (!atCheckpoint) kill();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    // A step's checkpoint is written right after its progress line.
    if (atCheckpoint && /"event":"progress"/.test(chunk)) kill();
  });
  return new Promise((resolve) => child.on('close', (_code, signal) => resolve({ signal, stdout })));
}

function swapSiblings(out: string): string[] {
  return readdirSync(out).filter((name) => /^training\.(tmp|new|old)-/.test(name));
}

describe('reliability: SIGKILL during training', function () {
  this.timeout(180_000);
  before(buildCliOnce);

  it(`leaves a loadable, resumable folder after each of ${KILLS} kills at random moments`, async () => {
    const dir = tempDir('pl-kill-');
    const corpus = tinyCorpus(dir);
    const out = path.join(dir, 'model');
    const rng = new Rng(2024);
    const kills: Kill[] = [];
    let specs: ReturnType<typeof paramSpecsOf> | undefined;
    const started = performance.now();
    for (let i = 0; i < KILLS; i++) {
      const args = ['pretrain', corpus, '--out', out, ...RUN, ...(i > 0 ? ['--resume'] : [])];
      const { signal, stdout } = await runAndKill(args, rng, i === 0);
      assert.equal(signal, 'SIGKILL', `kill ${i + 1}: the run ended by itself:\n${stdout.slice(-500)}`);
      const midCheckpoint = swapSiblings(out).length > 0;

      const folder = await loadModelFolder(out);
      assert.ok(folder.tokenizer, `kill ${i + 1}: tokenizer`);
      specs ??= paramSpecsOf(causalLmForward(folder.config as Gpt2Config, 1, 16));
      // Read a copy: the next --resume must recover the crashed state itself.
      const copy = path.join(dir, `verify-${i}`);
      cpSync(out, copy, { recursive: true });
      for (const sibling of swapSiblings(out)) cpSync(path.join(out, sibling), path.join(copy, sibling), { recursive: true });
      const ckpt = await readCheckpoint(copy, specs);
      const previous = kills.at(-1)?.step ?? 0;
      assert.ok(ckpt.state.step >= previous, `kill ${i + 1}: checkpoint went back from step ${previous} to ${ckpt.state.step}`);
      kills.push({ step: ckpt.state.step, midCheckpoint });
    }
    // The last kill left a stale lock and maybe a half-done swap: resume takes both over.
    const last = kills.at(-1)!.step;
    const final = await runCli(['pretrain', corpus, '--out', out, '--resume', '--steps', String(last + 3), '--json']);
    assert.equal(final.code, 0, final.stderr);
    const events = jsonEvents(final.stdout);
    assert.equal(events.find((e) => e.event === 'start')?.step, last);
    assert.equal(events.find((e) => e.event === 'done')?.step, last + 3);
    assert.ok(!existsSync(lockFileFor(out)), 'the lock is released');
    assert.deepEqual(swapSiblings(out), []);

    const mid = kills.filter((k) => k.midCheckpoint).length;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`      ${KILLS} kills survived in ${seconds} s; ${mid} caught a checkpoint swap half-done; trained to step ${last} across the kills`);
    assert.ok(mid > 0, 'some kills must land inside a checkpoint write');
  });

  // Every family and objective whose checkpoint writes more than the plain case (see RESUME_CASES):
  // each folder must stay loadable across kills, and the run resume.
  for (const c of RESUME_CASES) {
    it(`leaves ${c.label}'s folders loadable after ${c.kills} kills at random moments, and resumes`, async () => {
      const dir = tempDir('pl-kill-case-');
      const corpus = c.corpus(dir);
      const out = path.join(dir, 'model');
      const rng = new Rng(c.seed);
      for (let i = 0; i < c.kills; i++) {
        const args = ['pretrain', corpus, '--out', out, ...c.args, ...RUN, ...(i > 0 ? ['--resume'] : [])];
        const { signal, stdout } = await runAndKill(args, rng, i === 0);
        assert.equal(signal, 'SIGKILL', `kill ${i + 1}: the run ended by itself:\n${stdout.slice(-500)}`);
        for (const folder of c.folders) {
          const loaded = await loadModelFolder(path.join(out, folder.path));
          assert.equal(loaded.config.model_type, folder.modelType, `kill ${i + 1}: ${folder.path}`);
        }
        for (const file of c.jsonFiles ?? []) assert.doesNotThrow(() => JSON.parse(readFileSync(path.join(out, file), 'utf8')), `kill ${i + 1}: ${file}`);
      }
      // The last kill may have left a half-done swap: the resume recovers it and trains 3 more steps.
      const target = lastStep(out) + 3;
      const final = await runCli(['pretrain', corpus, '--out', out, ...c.args, '--resume', '--steps', String(target), '--json']);
      assert.equal(final.code, 0, final.stderr);
      assert.equal(jsonEvents(final.stdout).find((e) => e.event === 'done')?.step, target);
      assert.deepEqual(swapSiblings(out), []);
    });
  }
});
