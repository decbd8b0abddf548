// Workspace Trust, end to end: with trust on and the folder opened untrusted (Restricted
// Mode), the commands that read the workspace ask first; declining reads nothing and
// opens nothing, accepting goes ahead. Packaged VSIX in code-server, driven by Playwright.
import * as assert from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, workbenchUrl } from './browser';
import { CodeServer, installExtension, makeDirs, startCodeServer } from './code-server';
import { packagedVsix, runCommand, screenshot } from './ui-helpers';
import { copyFixtureWorkspace } from './workspace';

const RESTRICTED_PROMPT = 'This workspace is in Restricted Mode';

/** Webview panels open in the editor area (the summary is one). */
async function webviewCount(page: Page): Promise<number> {
  return page.locator('iframe.webview').count();
}

/** The modal our command shows before it reads the workspace, answered with `button`. */
async function answerTrustPrompt(page: Page, button: 'Cancel' | 'Read Files Anyway'): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: RESTRICTED_PROMPT });
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('.monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('Workspace Trust (packaged VSIX, Restricted Mode)', function () {
  this.timeout(180_000);
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    const vsix = await packagedVsix();
    const dirs = await makeDirs();
    // Open the folder untrusted without the startup trust dialog: straight into Restricted Mode.
    const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
    const settings = JSON.parse(await fs.readFile(settingsFile, 'utf8'));
    await fs.writeFile(settingsFile, JSON.stringify({ ...settings, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }, null, 2));
    const workspace = await copyFixtureWorkspace(dirs.root);
    await installExtension(dirs, vsix);
    server = await startCodeServer(dirs, { workspaceTrust: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.setDefaultTimeout(30_000);
    await page.goto(workbenchUrl(server.url, workspace));
    await page.locator('.monaco-workbench .part.statusbar').waitFor();
    await page.locator('.activitybar .action-item a[aria-label^="Pretrain Lab"]').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (server && !process.env.PRETRAIN_LAB_E2E_KEEP) await fs.rm(server.dirs.root, { recursive: true, force: true });
  });

  it('Show Corpus Summary asks first; declining opens nothing', async () => {
    await runCommand(page, 'Pretrain Lab: Show Corpus Summary');
    await page.locator('.monaco-dialog-box', { hasText: RESTRICTED_PROMPT }).waitFor({ state: 'visible' });
    await screenshot(page, 'restricted-mode-prompt');
    await answerTrustPrompt(page, 'Cancel');
    await page.waitForTimeout(1500);
    assert.strictEqual(await webviewCount(page), 0, 'no corpus summary after declining');
  });

  it('Pretrain Model on Workspace… asks first; declining starts no wizard', async () => {
    await runCommand(page, 'Pretrain Lab: Pretrain Model on Workspace');
    await answerTrustPrompt(page, 'Cancel');
    await page.waitForTimeout(1000);
    assert.strictEqual(await page.locator('.quick-input-widget:visible').count(), 0, 'no wizard after declining');
  });

  it('accepting the prompt reads the workspace and shows the summary', async () => {
    await runCommand(page, 'Pretrain Lab: Show Corpus Summary');
    await answerTrustPrompt(page, 'Read Files Anyway');
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('h2', { hasText: 'Corpus' }).waitFor();
    await webview.locator('td', { hasText: 'plaintext' }).first().waitFor();
    await screenshot(page, 'restricted-mode-accepted');
  });
});
