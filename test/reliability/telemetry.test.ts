/**
 * Privacy: ONNX Runtime 1.30's native library records usage events under
 * ~/.cache/Microsoft/DeveloperTools/.onnxruntime and has an event-collector endpoint. Pretrain
 * Lab turns that off in every process that loads ORT (runtime/ort.ts), so a real training run and
 * a generation leave nothing there and open no network connection (traced with strace).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, ROOT, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';

const BIN = path.join(ROOT, 'bin', 'pretrain-lab.js');

function hasStrace(): boolean {
  return spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** Runs the CLI with its home and cache in `home`; under strace when `trace` names a file. */
function runIsolated(home: string, args: string[], trace?: string) {
  const command = trace ? 'strace' : process.execPath;
  const argv = trace ? ['-f', '-qq', '-e', 'trace=connect', '-o', trace, process.execPath, BIN, ...args] : [BIN, ...args];
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
  delete env.ORT_DISABLE_TELEMETRY; // the fix must not depend on the caller's environment
  return spawnSync(command, argv, { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
}

/** connect() calls to anything but a Unix socket (Node's IPC with the job process is one). */
function networkConnects(trace: string): string[] {
  return readFileSync(trace, 'utf8')
    .split('\n')
    .filter((line) => /\bconnect\(/.test(line) && !/AF_UNIX|AF_LOCAL/.test(line));
}

describe('reliability: no ONNX Runtime telemetry', function () {
  this.timeout(240_000);
  before(() => buildCliOnce());

  for (const traced of [false, true]) {
    it(`pretrain and generate leave no ~/.cache/Microsoft${traced ? ' and connect to no network address (strace)' : ''}`, function () {
      if (traced && !hasStrace()) {
        if (process.env.CI) assert.fail('strace is not installed; .ci/run installs it');
        console.log('      skipped: strace is not installed (apt-get install strace)');
        this.skip();
      }
      const home = tempDir('pl-telemetry-');
      const model = path.join(home, 'model');
      const trace = traced ? path.join(home, 'trace') : undefined;
      const train = runIsolated(home, ['pretrain', tinyCorpus(home), '--out', model, ...TINY_RUN, '--steps', '3', '--json'], trace && `${trace}.pretrain`);
      assert.equal(train.status, 0, train.stderr);
      const bundled = path.join(home, 'bundled');
      cpSync(path.join(ROOT, 'models', 'tiny-shakespeare-gpt2'), bundled, { recursive: true });
      for (const dir of [model, bundled]) {
        const gen = runIsolated(home, ['generate', dir, '--prompt', 'ROMEO:', '--max-new-tokens', '4'], trace && `${trace}.generate`);
        assert.equal(gen.status, 0, gen.stderr);
        if (trace) assert.deepEqual(networkConnects(`${trace}.generate`), []);
      }
      assert.equal(existsSync(path.join(home, '.cache', 'Microsoft')), false, 'ORT wrote its telemetry folder');
      if (trace) assert.deepEqual(networkConnects(`${trace}.pretrain`), []);
    });
  }
});
