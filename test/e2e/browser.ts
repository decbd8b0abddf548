// Headless Debian Chromium driven by playwright-core, with the flags DESIGN.md §5
// found to work in a sandbox without network or GPU. Playwright gives each launch
// a fresh temporary profile.
import { Browser, chromium } from 'playwright-core';
import { CHROMIUM } from './paths';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The `/?folder=…` URL that opens a workspace in code-server. */
export function workbenchUrl(serverUrl: string, folder: string, payload?: [string, string][]): string {
  let url = `${serverUrl}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}
