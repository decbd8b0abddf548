// Bundles the entry points (extension, workers, CLI) with esbuild. onnxruntime-node stays external:
// it ships a native binary that must be loaded from node_modules, never inlined.
// Webview scripts (media/<panel>/main.ts) are bundled for the browser into
// media/dist/, the only folder besides media/ a webview may load from.
import { build } from 'esbuild';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';

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

await Promise.all([
  ...entries.map((e) => build({ ...common, entryPoints: [e.in], outfile: e.out })),
  ...webviews.map((e) => build({ ...webviewOptions, entryPoints: [e.in], outfile: e.out })),
]);

// uPlot's stylesheet goes next to the bundles: a webview may only load files under media/.
copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'media/dist/uplot.css');
