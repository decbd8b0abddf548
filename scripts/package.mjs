// `npm run package [-- --target <t> ... | --all] [--out-dir <dir>]`: builds once, then packs one
// pretrain-lab-<version>@<target>.vsix per target (default: this machine's) and prints each size.
// .vscodeignore leaves every ONNX Runtime binary out; each VSIX gets only its target's folder
// (scripts/vsix-targets.mjs), through an ignore file written for that target.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hostTarget, runtimeFiles, VSIX_TARGETS, vsixName } from './vsix-targets.mjs';

const TARGETS = Object.keys(VSIX_TARGETS);

function fail(problem) {
  console.error(`package: ${problem}`);
  process.exit(2);
}

function options() {
  try {
    return parseArgs({
      options: {
        target: { type: 'string', multiple: true },
        all: { type: 'boolean', default: false },
        'out-dir': { type: 'string', default: '.' },
        'no-build': { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    return fail(`${error.message} (usage: npm run package -- [--target <t> ...] [--all] [--out-dir <dir>] [--no-build])`);
  }
}

const values = options();

const targets = values.all ? TARGETS : (values.target ?? [hostTarget() ?? fail(`no ONNX Runtime binary for ${process.platform}-${process.arch}; pass --target (${TARGETS.join(', ')})`)]);
for (const target of targets) if (!TARGETS.includes(target)) fail(`unknown target '${target}' (targets: ${TARGETS.join(', ')})`);

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const baseIgnore = readFileSync('.vscodeignore', 'utf8');
const outDir = path.resolve(values['out-dir']);
mkdirSync(outDir, { recursive: true });
if (!values['no-build']) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

const scratch = mkdtempSync(path.join(os.tmpdir(), 'pretrain-lab-package-'));
try {
  for (const target of targets) {
    const out = path.join(outDir, vsixName(name, version, target));
    // Negations are applied after every other pattern, so listing the kept files brings back exactly these.
    const ignoreFile = path.join(scratch, `${target}.vscodeignore`);
    writeFileSync(ignoreFile, `${baseIgnore}\n# ${target}'s ONNX Runtime\n${runtimeFiles(target).map((f) => `!${f}`).join('\n')}\n`);
    const started = Date.now();
    try {
      // stdin closed: a question from vsce ends the run instead of waiting for an answer.
      execFileSync(
        process.execPath,
        ['node_modules/@vscode/vsce/vsce', 'package', '--target', target, '--ignoreFile', ignoreFile, '--out', out, '--allow-missing-repository'],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
    } catch {
      console.error(`package: vsce could not pack ${target} (its output is above)`);
      process.exitCode = 1;
      break;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${path.relative('.', out) || out}: ${(statSync(out).size / 2 ** 20).toFixed(1)} MiB (${seconds} s)`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
