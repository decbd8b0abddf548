// Bundles the extension-host test suite (test/e2e/suite) into out/e2e/suite/index.js,
// the file VS Code requires as extensionTestsPath. vscode is provided by the
// extension host; mocha is loaded from node_modules as it is.
import { build } from 'esbuild';

await build({
  entryPoints: ['test/e2e/suite/index.ts'],
  outfile: 'out/e2e/suite/index.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
