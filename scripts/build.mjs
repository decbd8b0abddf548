// Bundles the three entry points with esbuild. onnxruntime-node stays external:
// it ships a native binary that must be loaded from node_modules, never inlined.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode', 'onnxruntime-node'],
  logLevel: 'warning',
};

const entries = [
  { in: 'src/extension.ts', out: 'dist/extension.js' },
  { in: 'src/jobs/worker.ts', out: 'dist/worker.js' },
  { in: 'src/cli/main.ts', out: 'dist/cli.js' },
].filter((e) => existsSync(e.in));

await Promise.all(entries.map((e) => build({ ...common, entryPoints: [e.in], outfile: e.out })));
