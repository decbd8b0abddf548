/**
 * Every file the CLI reads from a model folder or its training/ state, replaced by something that
 * is not a regular file — a FIFO (whose open used to block forever), a symbolic link to one, a
 * link to /dev/zero (endless), a folder — is refused at once with one line naming it (exit 2),
 * by `info`, `generate`, `eval` and `pretrain --resume`. Also: a file given as the model folder.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, ROOT, runCli, startCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';

const BUNDLED = path.join(ROOT, 'models', 'tiny-shakespeare-gpt2');
/** Far longer than any refusal takes; a run still going then is hanging. */
const HANG_MS = 30_000;

interface Outcome {
  code: number | null;
  stderr: string;
  hung: boolean;
}

/** Runs the CLI, killing it if it has not finished after HANG_MS. */
function runWithin(args: string[]): Promise<Outcome> {
  const child = startCli(args);
  let stderr = '';
  child.stdout!.resume();
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, HANG_MS);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, hung });
    });
  });
}

type Replacement = 'a FIFO' | 'a link to a FIFO' | 'a link to /dev/zero' | 'a folder';

/** Puts `replacement` where `file` was. */
function replaceFile(file: string, replacement: Replacement): void {
  rmSync(file, { recursive: true, force: true });
  if (replacement === 'a folder') return mkdirSync(file);
  if (replacement === 'a link to /dev/zero') return symlinkSync('/dev/zero', file);
  const fifo = replacement === 'a FIFO' ? file : `${file}.fifo`;
  execFileSync('mkfifo', [fifo]);
  if (fifo !== file) symlinkSync(fifo, file);
}

function assertRefused(outcome: Outcome, file: string, what: string): void {
  assert.equal(outcome.hung, false, `${what}: still running after ${HANG_MS / 1000} s (blocked on ${file}?)`);
  assert.equal(outcome.code, 2, `${what}: exit ${outcome.code}, stderr: ${outcome.stderr}`);
  const lines = outcome.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `${what}: one line expected, got:\n${outcome.stderr}`);
  assert.ok(lines[0].includes(path.basename(file)), `${what}: the message must name ${path.basename(file)}: ${lines[0]}`);
}

describe('reliability: model-folder files that are not regular files', function () {
  this.timeout(10 * 60_000);
  let work: string;
  let corpus: string;
  before(() => {
    buildCliOnce();
    work = tempDir('pl-model-files-');
    corpus = tinyCorpus(work, 5000);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const modelFolder = (name: string): string => {
    const dir = path.join(work, name);
    cpSync(BUNDLED, dir, { recursive: true });
    return dir;
  };

  const commands: [name: string, args: (dir: string) => string[]][] = [
    ['info', (dir) => ['info', dir]],
    ['generate', (dir) => ['generate', dir, '--prompt', 'To be', '--max-new-tokens', '2']],
    ['eval', (dir) => ['eval', dir, '--corpus', corpus, '--threads', '1']],
  ];
  const modelFiles = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors'];
  const replacements: Replacement[] = ['a FIFO', 'a link to a FIFO'];

  for (const file of modelFiles) {
    for (const replacement of replacements) {
      it(`${file} as ${replacement}: info, generate and eval refuse it at once`, async () => {
        const dir = modelFolder(`${file}-${replacement.replace(/\W+/g, '-')}`);
        replaceFile(path.join(dir, file), replacement);
        for (const [name, args] of commands) assertRefused(await runWithin(args(dir)), file, `${name} with ${file} as ${replacement}`);
      });
    }
  }

  for (const [file, replacement] of [
    ['config.json', 'a link to /dev/zero'],
    ['tokenizer.json', 'a link to /dev/zero'],
    ['model.safetensors', 'a link to /dev/zero'],
    ['config.json', 'a folder'],
    ['tokenizer.json', 'a folder'],
  ] as [string, Replacement][]) {
    it(`${file} as ${replacement}: one line naming it`, async () => {
      const dir = modelFolder(`${file}-${replacement.replace(/\W+/g, '-')}`);
      replaceFile(path.join(dir, file), replacement);
      assertRefused(await runWithin(['info', dir]), file, `info with ${file} as ${replacement}`);
      assertRefused(await runWithin(['generate', dir, '--prompt', 'a', '--max-new-tokens', '1']), file, `generate with ${file} as ${replacement}`);
    });
  }

  it('a file given as the model folder: one line saying it is a file', async () => {
    const dir = modelFolder('as-file');
    for (const args of [['info', path.join(dir, 'config.json')], ['generate', path.join(dir, 'config.json'), '--prompt', 'a']]) {
      const outcome = await runWithin(args);
      assertRefused(outcome, 'config.json', args[0]);
      assert.match(outcome.stderr, /is a file, not a model folder/);
    }
  });

  describe('training/ state read by pretrain --resume and info', () => {
    let trained: string;
    before(async () => {
      trained = path.join(work, 'trained');
      const run = await runCli(['pretrain', corpus, '--out', trained, ...TINY_RUN, '--steps', '2']);
      assert.equal(run.code, 0, run.stderr);
    });

    for (const file of ['state.json', 'hyperparams.json', 'model.safetensors', 'optimizer.safetensors', 'metrics.jsonl']) {
      it(`training/${file} as a FIFO: pretrain --resume refuses it at once`, async () => {
        const dir = path.join(work, `resume-${file}`);
        cpSync(trained, dir, { recursive: true });
        replaceFile(path.join(dir, 'training', file), 'a FIFO');
        assertRefused(await runWithin(['pretrain', corpus, '--out', dir, ...TINY_RUN, '--steps', '4', '--resume']), file, `pretrain --resume with training/${file} as a FIFO`);
        if (file.endsWith('.json')) assertRefused(await runWithin(['info', dir]), file, `info with training/${file} as a FIFO`);
      });
    }
  });
});
