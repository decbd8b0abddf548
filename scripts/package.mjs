// `npm run package`: builds, then packs pretrain-lab-<version>@linux-x64.vsix and
// prints its size. It holds only linux-x64's ONNX Runtime binary (.vscodeignore);
// another target needs its own binary kept there before it can be added here.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const TARGET = 'linux-x64';
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `${name}-${version}@${TARGET}.vsix`;

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
execFileSync(
  process.execPath,
  ['node_modules/@vscode/vsce/vsce', 'package', '--target', TARGET, '--out', out, '--allow-missing-repository'],
  { stdio: 'inherit' },
);
console.log(`${out}: ${(statSync(out).size / 2 ** 20).toFixed(1)} MiB`);
