// The HTML shell of every webview panel. vscode-free so its security properties
// (CSP, nonces, no remote content) are unit-tested. Only what this page needs is
// allowed: scripts carrying this load's nonce, styles from the extension's media
// folder or with the nonce, images from media or data: URIs; everything else,
// including any network fetch, falls to default-src 'none'.
import { randomBytes } from 'node:crypto';

export interface WebviewPage {
  title: string;
  /** The webview's `cspSource` (its resource origin). */
  cspSource: string;
  /** webview URIs (asWebviewUri) of the panel's script and styles under media/. */
  scriptUri: string;
  styleUris: readonly string[];
  nonce: string;
}

/** 128 random bits per page load; a nonce that repeats is no nonce. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** An empty page whose script renders everything from the `init` message. */
export function renderWebviewHtml(page: WebviewPage): string {
  const nonce = escapeHtml(page.nonce);
  const styles = page.styleUris
    .map((href) => `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(href)}">`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(page.cspSource, page.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(page.title)}</title>
  </head>
  <body>
    <main id="app" aria-busy="true"></main>
    <script nonce="${nonce}" src="${escapeHtml(page.scriptUri)}"></script>
  </body>
</html>
`;
}
