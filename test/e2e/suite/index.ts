// The extension-host test suite, in the @vscode/test-electron `run()` contract:
// VS Code loads this file inside the extension host and awaits run(); a rejected
// promise makes the host exit non-zero. Bundled by scripts/build-e2e.mjs.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // PRETRAIN_LAB_E2E_GREP runs only the tests whose full title matches it (e.g. "Semantic code search").
  const grep = process.env.PRETRAIN_LAB_E2E_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  // The test modules call describe/it at load time, so mocha's globals must exist
  // before they are required; hence require() here rather than top-level imports.
  mocha.suite.emit('pre-require', globalThis, 'extension-host', mocha);
  require('./activation.test');
  require('./commands.test');
  require('./attention.test');
  require('./prompt.test');
  require('./bundled.test');
  require('./pretrain.test');
  require('./finetune.test');
  require('./prompt-classify.test');
  require('./families.test');
  require('./compare.test');
  require('./search.test');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
