// Bundles the entry points (extension, workers, CLI) with esbuild. onnxruntime-node stays external:
// it ships a native binary that must be loaded from node_modules, never inlined.
// Webview scripts (media/<panel>/main.ts) are bundled for the browser into
// media/dist/, the only folder besides media/ a webview may load from.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // tsx is only required when a worker runs from TypeScript sources (tests), never in the bundle.
  external: ['vscode', 'onnxruntime-node', 'tsx/cjs'],
  logLevel: 'warning',
};

const entries = [
  { in: 'src/extension.ts', out: 'dist/extension.js' },
  { in: 'src/jobs/worker.ts', out: 'dist/worker.js' },
  { in: 'src/cli/main.ts', out: 'dist/cli.js' },
].filter((e) => existsSync(e.in));

const webviews = readdirSync('media', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`media/${d.name}/main.ts`))
  .map((d) => ({ in: `media/${d.name}/main.ts`, out: `media/dist/${d.name}.js` }));

const webviewOptions = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  // No source maps: a webview may only load what its CSP allows, and they are dev-only.
  sourcemap: false,
  logLevel: 'warning',
};

/**
 * Builds in memory and replaces each output by rename: a CLI, job worker or extension host that
 * starts while a build runs reads the old bundle or the new one, never half a file.
 */
async function buildAtomically(options) {
  const result = await build({ ...options, write: false });
  for (const file of result.outputFiles) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

await Promise.all([
  ...entries.map((e) => buildAtomically({ ...common, entryPoints: [e.in], outfile: e.out })),
  ...webviews.map((e) => buildAtomically({ ...webviewOptions, entryPoints: [e.in], outfile: e.out })),
]);

// uPlot's stylesheet goes next to the bundles: a webview may only load files under media/.
copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'media/dist/uplot.css');
