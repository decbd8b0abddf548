/**
 * Disk full during a checkpoint, for real: the model folder lives on a small tmpfs that a
 * filler file fills up while `pretrain` runs. The run must stop with an error that says the
 * disk is full and that the previous version is kept, and that previous checkpoint must load
 * and resume once space is back. Needs root to mount a tmpfs; skipped elsewhere (the
 * injected-ENOSPC unit tests in test/unit/util/atomic-write.test.ts still run). The same for
 * every family and objective whose folder holds more than GPT-2's (DISK_FULL_CASES: XLM with
 * translation LM, LayoutLM, TLM + match, the contrastive encoder's queue). A comparison whose
 * --out fills up stops the same way, its comparison-state.json still readable.
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadModelFolder } from '../../src/models/model-folder';
import type { Gpt2Config } from '../../src/models/configs';
import { readCheckpoint } from '../../src/train/checkpoint/checkpoint';
import { readState } from '../../src/compare/state';
import { causalLmForward } from '../../src/train/forward-clm';
import { paramSpecsOf } from '../../src/train/step/param-specs';
import { buildCliOnce, jsonEvents, runCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';
import { compareArgs, comparisonData } from '../integration/compare-helpers';
import { pretrainTiny } from '../integration/cluster-helpers';
import { pairCorpus } from './pair-corpus';
import { fillDisk, mountSmallDisk, unmountSmallDisk } from './small-disk';

/** A family or objective run the disk fills under: its flags, its corpus, the model_type it saves. */
interface DiskFullCase {
  label: string;
  args: string[];
  corpus(dir: string): string;
  modelType: string;
}

const DISK_FULL_CASES: DiskFullCase[] = [
  { label: 'XLM with translation LM', args: ['--arch', 'xlm', '--objective', 'tlm'], corpus: pairCorpus, modelType: 'xlm' },
  { label: 'LayoutLM', args: ['--arch', 'layoutlm'], corpus: tinyCorpus, modelType: 'layoutlm' },
  { label: 'BERT with TLM + match', args: ['--arch', 'bert', '--objective', 'tlm+match'], corpus: pairCorpus, modelType: 'bert' },
  { label: 'the contrastive encoder (queue and momentum encoder carried)', args: ['--arch', 'bert', '--objective', 'contrastive'], corpus: pairCorpus, modelType: 'bert' },
];

describe('reliability: disk full during a checkpoint', function () {
  this.timeout(60_000);
  const mountPoint = path.join(tempDir('pl-diskfull-'), 'disk');
  let mounted = false;

  before(function () {
    mounted = mountSmallDisk(mountPoint, '4m');
    if (!mounted) this.skip();
    buildCliOnce();
  });
  after(() => {
    if (mounted) unmountSmallDisk(mountPoint);
  });

  /**
   * Runs `pretrain` with a checkpoint every step on the tmpfs and fills the disk after the
   * step-3 checkpoint; asserts it stops with one line saying the disk is full and the previous
   * version is kept. Leaves the disk emptied again; returns the last checkpoint reported.
   */
  async function fillDuringCheckpoint(corpus: string, out: string, extraArgs: string[]): Promise<{ lastCheckpoint: number; stderr: string }> {
    const filler = path.join(mountPoint, 'filler');
    const args = ['pretrain', corpus, '--out', out, ...extraArgs, ...TINY_RUN, '--steps', '100000', '--checkpoint-every', '1', '--eval-every', '0', '--json'];
    let filled = false;
    const run = await runCli(args, {
      onStdoutLine: (line) => {
        const e = JSON.parse(line) as { event: string; step: number };
        if (!filled && e.event === 'checkpoint' && e.step >= 3) {
          filled = true;
          fillDisk(filler);
        }
      },
    });
    rmSync(filler, { force: true });
    assert.ok(filled, `the run never reached its step-3 checkpoint:\n${run.stderr}`);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /could not write \S+\/model\/\S+: the disk is full \(ENOSPC\); its previous version is unchanged/);
    assert.equal(run.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
    const lastCheckpoint = Math.max(...jsonEvents(run.stdout).filter((e) => e.event === 'checkpoint').map((e) => e.step as number));
    return { lastCheckpoint, stderr: run.stderr };
  }

  it('stops with a clear ENOSPC error and keeps the previous checkpoint, which resumes', async () => {
    const corpus = tinyCorpus(path.dirname(mountPoint));
    const out = path.join(mountPoint, 'model');
    const { lastCheckpoint, stderr } = await fillDuringCheckpoint(corpus, out, []);
    const folder = await loadModelFolder(out);
    const ckpt = await readCheckpoint(out, paramSpecsOf(causalLmForward(folder.config as Gpt2Config, 1, 16)));
    // The disk fills while the child runs on: its next checkpoint fails either in training/
    // (kept at the last reported step) or just after it, in the top-level copies.
    assert.ok([lastCheckpoint, lastCheckpoint + 1].includes(ckpt.state.step), `checkpoint step ${ckpt.state.step}, last reported ${lastCheckpoint}`);
    const resumed = await runCli(['pretrain', corpus, '--out', out, '--resume', '--steps', String(ckpt.state.step + 2), '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    rmSync(out, { recursive: true, force: true });
    console.log(`      disk filled after the step-${lastCheckpoint} checkpoint; run stopped with: ${stderr.trim().slice(0, 140)}…`);
  });

  // The families and objectives whose folders hold more than GPT-2's: each stops the same way and
  // what it kept loads as its model type and resumes.
  for (const c of DISK_FULL_CASES) {
    it(`${c.label}: stops with one ENOSPC line, keeps a folder that loads and resumes`, async () => {
      const corpus = c.corpus(path.dirname(mountPoint));
      const out = path.join(mountPoint, 'model');
      try {
        const { lastCheckpoint } = await fillDuringCheckpoint(corpus, out, c.args);
        assert.equal((await loadModelFolder(out)).config.model_type, c.modelType);
        const resumed = await runCli(['pretrain', corpus, '--out', out, ...c.args, '--resume', '--steps', String(lastCheckpoint + 3), '--json']);
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.equal(jsonEvents(resumed.stdout).find((e) => e.event === 'done')?.step, lastCheckpoint + 3);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }

  it('export-run onto a full disk exits non-zero with one line saying so and leaves no bundle or staging folder', async () => {
    const { modelDir, corpus } = await pretrainTiny(path.dirname(mountPoint), 'gpt2');
    const filler = path.join(mountPoint, 'filler-export');
    fillDisk(filler);
    const before = readdirSync(mountPoint);
    try {
      const run = await runCli(['export-run', modelDir, '--corpus', corpus, '--out', path.join(mountPoint, 'bundle')]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /the disk is full \(ENOSPC\)/);
      assert.equal(run.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
      assert.deepEqual(readdirSync(mountPoint), before, 'no bundle, no staging leftovers');
      console.log(`      export-run stopped with: ${run.stderr.trim().slice(0, 140)}…`);
    } finally {
      rmSync(filler);
    }
  });

  it('a comparison whose --out fills up stops with one line saying so, and its comparison-state.json still reads', async () => {
    const out = path.join(mountPoint, 'comparison');
    const filler = path.join(mountPoint, 'compare-filler');
    const folder = { dir: path.dirname(mountPoint), ...comparisonData(path.dirname(mountPoint)), out };
    let filled = false;
    const run = await runCli(compareArgs(folder, '--rows', 'bert-mlm,none', '--steps', '4', '--json'), {
      onStdoutLine: (line) => {
        // The first row's pretraining is recorded in the state by the time its finetuning starts.
        const e = JSON.parse(line) as { event: string; phase?: string; status?: string };
        if (!filled && e.event === 'phase' && e.phase === 'finetune' && e.status === 'start') {
          filled = true;
          fillDisk(filler);
        }
      },
    });
    try {
      assert.ok(filled, `the comparison never reached a finetuning phase:\n${run.stdout.slice(-600)}`);
      assert.notEqual(run.code, 0, 'the comparison must not report success');
      assert.match(run.stderr, /the disk is full \(ENOSPC\)/);
      assert.equal(run.stderr.trim().split('\n').length, 1, `one line, no stack trace:\n${run.stderr}`);
      const state = readState(out);
      assert.ok(state.done['bert-mlm/seed-1']?.pretrained, 'the state still records the finished pretraining');
      console.log(`      comparison stopped with: ${run.stderr.trim().slice(0, 140)}…`);
    } finally {
      // Later cases expect an empty disk.
      rmSync(filler, { force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
