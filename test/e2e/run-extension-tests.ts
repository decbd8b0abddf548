// Runs the extension-host mocha suite inside code-server (DESIGN.md §5): the
// workbench is opened with a payload that names the extension under development
// and the suite (the @vscode/test-electron `run()` contract); VS Code reports the
// suite's console through window.codeAutomationLog and its end through
// window.codeAutomationExit(code). Exits with the suite's code, or 1 on timeout.
//
// Usage: tsx test/e2e/run-extension-tests.ts   (after npm run build and
// node scripts/build-e2e.mjs; scripts/test-vscode.sh does all of it)
import { promises as fs } from 'node:fs';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium, workbenchUrl } from './browser';
import { CodeServer, makeDirs, startCodeServer } from './code-server';
import { REPO_ROOT, SUITE_ENTRY } from './paths';
import { copyFixtureWorkspace } from './workspace';

const TIMEOUT_MS = Number(process.env.PRETRAIN_LAB_E2E_TIMEOUT_MS ?? 300_000);

async function runSuite(browser: Browser, server: CodeServer, workspace: string): Promise<number> {
  const page = await browser.newPage();
  const exited = new Promise<number>((resolve) => {
    // Both must exist before the workbench loads: it looks them up once. It
    // forwards its console to the first, the extension host's (so mocha's
    // reporter) included, as printf-style argument lists.
    void page.exposeFunction('codeAutomationLog', (level: string, args: unknown[]) => {
      (level === 'error' ? console.error : console.log)(format(...args));
    });
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
  });
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  await page.goto(workbenchUrl(server.url, workspace, [
    ['extensionDevelopmentPath', remote(REPO_ROOT)],
    ['extensionTestsPath', remote(SUITE_ENTRY)],
  ]));
  return exited;
}

async function main(): Promise<number> {
  await fs.access(SUITE_ENTRY).catch(() => {
    throw new Error(`${SUITE_ENTRY} is missing: run node scripts/build-e2e.mjs first`);
  });
  const dirs = await makeDirs();
  const workspace = await copyFixtureWorkspace(dirs.root);
  const server = await startCodeServer(dirs);
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    browser = await launchChromium();
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`extension tests did not finish within ${TIMEOUT_MS} ms`);
        resolve(1);
      }, TIMEOUT_MS);
    });
    return await Promise.race([runSuite(browser, server, workspace), timeout]);
  } finally {
    clearTimeout(timer);
    await browser?.close();
    await server.stop();
    if (!process.env.PRETRAIN_LAB_E2E_KEEP) await fs.rm(dirs.root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
