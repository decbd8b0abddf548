// The same extension-host suite under @vscode/test-electron, for machines that can
// download VS Code desktop (not this one: CI uses run-extension-tests.ts).
// Usage: tsx test/e2e/run-electron.ts   (after the same builds)
import { runTests } from '@vscode/test-electron';
import { makeDirs } from './code-server';
import { REPO_ROOT, SUITE_ENTRY } from './paths';
import { copyFixtureWorkspace } from './workspace';

async function main(): Promise<void> {
  const dirs = await makeDirs();
  const workspace = await copyFixtureWorkspace(dirs.root);
  await runTests({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: SUITE_ENTRY,
    launchArgs: [workspace, '--disable-extensions', '--user-data-dir', dirs.userData, '--disable-workspace-trust'],
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
