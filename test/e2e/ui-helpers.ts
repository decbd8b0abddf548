// What the Playwright UI tests share: the packaged VSIX, screenshots, running a
// command from the palette as a user does.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT, RESULTS_DIR } from './paths';

export async function packagedVsix(): Promise<string> {
  const { name, version } = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(REPO_ROOT, `${name}-${version}@linux-x64.vsix`);
  await fs.access(vsix).catch(() => {
    throw new Error(`${vsix} is missing: run npm run package first`);
  });
  return vsix;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`) });
}

/** Runs a command from the palette by clicking its row: Enter would run
 *  whichever row happens to be first (DESIGN.md §5). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
}

