/**
 * The CLI as an npm package: `npm pack` → `npm install <tarball>` into an empty folder, from the
 * npm cache (the registry only for what the cache lacks) → `npx pretrain-lab` runs --version, the
 * demo (shortened with --steps) and commands on the bundled models, with no npm warning anywhere.
 * Installed with --ignore-scripts: onnxruntime-node's install script would fetch its CUDA
 * provider from NuGet on linux-x64 (and newer npm warns about unapproved install scripts).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, ROOT, tempDir } from './cli-helpers';

const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const NPM_WARNING = /npm warn/i;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const WINDOWS = process.platform === 'win32';

/** npm and npx are .cmd scripts on Windows, which Node starts only through a shell (cmd.exe, hence the quotes). */
function run(command: 'npm' | 'npx', args: string[], cwd: string, timeoutMs = 240_000): Promise<Run> {
  // Outside `npm test`'s own environment: its npm_* variables would point npm at this repository.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const argv = WINDOWS ? args.map((a) => (/[\s"&|<>^()]/.test(a) ? `"${a.replace(/"/g, '""')}"` : a)) : args;
  return new Promise((resolve) => {
    execFile(command, argv, { cwd, env, timeout: timeoutMs, shell: WINDOWS, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function ok(r: Run, what: string): void {
  assert.equal(r.code, 0, `${what} failed:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, NPM_WARNING, `${what} printed an npm warning`);
}

describe('npm package: pack, install into an empty folder, run', function () {
  this.timeout(600_000);
  let folder: string;
  let installed: string;
  let packFiles: string[];
  const scratch: string[] = [];

  before(async () => {
    buildCliOnce();
    const packDir = tempDir('pl-pack-');
    scratch.push(packDir);
    const pack = await run('npm', ['pack', '--json', '--pack-destination', packDir], ROOT);
    ok(pack, 'npm pack');
    const [report] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    packFiles = report.files.map((f) => f.path);
    folder = tempDir('pl-install-');
    scratch.push(folder);
    const install = await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', path.join(packDir, report.filename)], folder);
    ok(install, 'npm install of the tarball');
    installed = path.join(folder, 'node_modules', 'pretrain-lab');
  });

  after(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('packs the CLI bundle, its launcher, the demo corpus and bundled models, and nothing of the sources', () => {
    for (const file of ['bin/pretrain-lab.js', 'dist/cli.js', 'dist/worker.js', 'models/corpus/tinyshakespeare.txt', 'models/tiny-shakespeare-gpt2/onnx/model.onnx', 'resources/cluster/train.py', 'package.json']) {
      assert.ok(packFiles.includes(file), `the tarball lacks ${file}`);
    }
    assert.deepEqual(packFiles.filter((f) => /^(src|test|bench|scripts|media|node_modules)\/|\.map$|^dist\/extension\.js$/.test(f)), []);
  });

  it('installs only its runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.deepEqual(Object.keys(pkg.dependencies), ['onnxruntime-node']);
    for (const devOnly of ['esbuild', 'typescript', 'mocha', '@huggingface/transformers', 'minisearch', 'picomatch']) {
      assert.ok(!existsSync(path.join(folder, 'node_modules', devOnly)), `${devOnly} was installed`);
    }
  });

  it('prints its version', async () => {
    const r = await run('npx', ['pretrain-lab', '--version'], folder);
    ok(r, 'pretrain-lab --version');
    assert.equal(r.stdout, `pretrain-lab ${version}\n`);
  });

  it('runs the demo offline from the installed package', async () => {
    const demoDir = tempDir('pl-npm-demo-');
    scratch.push(demoDir);
    const out = path.join(demoDir, 'demo');
    const r = await run('npx', ['pretrain-lab', 'demo', '--steps', '20', '--threads', '1', '--out', out], folder);
    ok(r, 'pretrain-lab demo');
    assert.match(r.stdout, /Sample \(temperature 0\.8, top-k 40\):\nROMEO:/);
    assert.match(r.stdout, /Perplexity on the held-out 10% of the text: \d+\.\d{2}/);
    assert.ok(existsSync(path.join(out, 'attention.html')));
  });

  it('runs the other commands on the bundled models', async () => {
    const gpt2 = path.join(installed, 'models', 'tiny-shakespeare-gpt2');
    const bert = path.join(installed, 'models', 'tiny-shakespeare-bert');
    const info = await run('npx', ['pretrain-lab', 'info', gpt2], folder);
    ok(info, 'pretrain-lab info');
    assert.match(info.stdout, /Type: gpt2/);
    const generate = await run('npx', ['pretrain-lab', 'generate', gpt2, '--prompt', 'ROMEO:', '--max-new-tokens', '10'], folder);
    ok(generate, 'pretrain-lab generate');
    assert.match(generate.stdout, /^ROMEO:/);
    const fill = await run('npx', ['pretrain-lab', 'fill-mask', bert, '--text', 'To be or not to [MASK]'], folder);
    ok(fill, 'pretrain-lab fill-mask');
    assert.match(fill.stdout, /to be or not to/);
    const help = await run('npx', ['pretrain-lab', '--help'], folder);
    ok(help, 'pretrain-lab --help');
    assert.match(help.stdout, /^Usage: pretrain-lab <command>/);
  });
});
