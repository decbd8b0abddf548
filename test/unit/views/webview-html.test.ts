import * as assert from 'node:assert';
import { contentSecurityPolicy, escapeHtml, makeNonce, renderWebviewHtml } from '../../../src/views/webview-html';

describe('webview HTML', () => {
  const page = {
    title: 'Model <b>',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123==',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/dist/x.js',
    styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/base.css'],
  };

  it('allows only nonce scripts, media styles and media/data images; nothing else', () => {
    assert.strictEqual(
      contentSecurityPolicy(page.cspSource, 'N'),
      `default-src 'none'; script-src 'nonce-N'; style-src ${page.cspSource} 'nonce-N'; img-src ${page.cspSource} data:`,
    );
  });

  it('puts the CSP first in head and the nonce on every script and stylesheet', () => {
    const html = renderWebviewHtml(page);
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    assert.match(head, /^<head>\s*<meta charset="UTF-8">\s*<meta http-equiv="Content-Security-Policy"/);
    for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) assert.match(tag, /nonce="abc123=="/);
    assert.strictEqual((html.match(/<script\b/g) ?? []).length, 1);
    assert.ok(!/\son\w+=/.test(html), 'no inline event handlers');
    assert.ok(html.includes('<title>Model &lt;b&gt;</title>'));
  });

  it('loads nothing but the given media URIs', () => {
    const urls = renderWebviewHtml(page).match(/(?:src|href)="([^"]*)"/g) ?? [];
    assert.deepStrictEqual(urls, [`href="${page.styleUris[0]}"`, `src="${page.scriptUri}"`]);
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, makeNonce));
    assert.strictEqual(nonces.size, 100);
    for (const n of nonces) assert.strictEqual(Buffer.from(n, 'base64').length, 16);
  });

  it('escapes attribute and text content', () => {
    assert.strictEqual(escapeHtml(`"'<&>`), '&quot;&#39;&lt;&amp;&gt;');
  });
});
