// Which proxy the Hub client uses: HTTPS_PROXY/HTTP_PROXY/ALL_PROXY in either case, the editor's
// setting first, and NO_PROXY's hosts, domains, ports, CIDRs and `*` going direct.
import * as assert from 'node:assert';
import * as http from 'node:http';
import * as net from 'node:net';
import { tunnel } from '../../../src/hub/http';
import { proxyFor } from '../../../src/hub/proxy';

const hub = new URL('https://huggingface.co/api/models/gpt2');
const cdn = new URL('https://cdn-lfs.huggingface.co/x');
const local = new URL('http://127.0.0.1:8080/x');

describe('hub: proxyFor', () => {
  it('takes HTTPS_PROXY for https and HTTP_PROXY for http, in either case, ALL_PROXY as the fallback', () => {
    assert.strictEqual(proxyFor(hub, { HTTPS_PROXY: 'http://p:3128' })?.href, 'http://p:3128/');
    assert.strictEqual(proxyFor(hub, { https_proxy: 'http://q:3128' })?.href, 'http://q:3128/');
    assert.strictEqual(proxyFor(hub, { HTTP_PROXY: 'http://p:3128' }), undefined);
    assert.strictEqual(proxyFor(local, { HTTP_PROXY: 'p:3128' })?.href, 'http://p:3128/', 'a bare host:port means http');
    assert.strictEqual(proxyFor(hub, { ALL_PROXY: 'http://all:1' })?.host, 'all:1');
    assert.strictEqual(proxyFor(hub, {}), undefined);
  });

  it("prefers the editor's http.proxy setting, and still applies NO_PROXY to it", () => {
    assert.strictEqual(proxyFor(hub, { HTTPS_PROXY: 'http://env:1' }, 'http://editor:2')?.host, 'editor:2');
    assert.strictEqual(proxyFor(hub, { NO_PROXY: 'huggingface.co' }, 'http://editor:2'), undefined);
  });

  it('goes direct for NO_PROXY hosts, subdomains, ports, CIDRs and *', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1', NO_PROXY: noProxy });
    assert.strictEqual(proxyFor(cdn, env('huggingface.co')), undefined, 'a domain covers its subdomains');
    assert.strictEqual(proxyFor(cdn, env('.huggingface.co')), undefined);
    assert.strictEqual(proxyFor(hub, env('*.huggingface.co')), undefined);
    assert.ok(proxyFor(hub, env('gingface.co')), 'not a suffix of a label');
    assert.strictEqual(proxyFor(local, env('127.0.0.0/8')), undefined);
    assert.ok(proxyFor(local, env('10.0.0.0/8')));
    assert.strictEqual(proxyFor(local, env('127.0.0.1:8080')), undefined);
    assert.ok(proxyFor(local, env('127.0.0.1:9999')), 'another port still proxied');
    assert.strictEqual(proxyFor(hub, env('*')), undefined);
    assert.strictEqual(proxyFor(hub, { HTTPS_PROXY: 'http://p:1', no_proxy: 'example.com, huggingface.co' }), undefined);
  });

  it('refuses a proxy setting that is not an http(s) URL, in one line', () => {
    assert.throws(() => proxyFor(hub, { HTTPS_PROXY: 'socks5://p:1080' }), /not an http\(s\) proxy URL/);
  });
});

describe('hub: CONNECT tunnel through a proxy', function () {
  this.timeout(20_000);

  it('asks the proxy to CONNECT to the target and hands back the tunnelled socket; a refusal is one line', async () => {
    const target = http.createServer((_req, res) => res.end('through the tunnel'));
    const connects: string[] = [];
    const proxy = http.createServer();
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
      connects.push(`${req.url} ${req.headers['proxy-authorization'] ?? ''}`);
      if (req.url?.startsWith('blocked')) return client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      const [host, port] = req.url!.split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
    });
    const listen = (s: http.Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));
    const targetPort = await listen(target);
    const proxyPort = await listen(proxy);
    try {
      const socket = await tunnel(new URL(`http://u:p@127.0.0.1:${proxyPort}`), new URL(`https://127.0.0.1:${targetPort}/`), { 'proxy-authorization': 'Basic dTpw' }, { env: {} });
      socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      let text = '';
      for await (const chunk of socket) text += String(chunk);
      assert.match(text, /through the tunnel/);
      assert.deepStrictEqual(connects, [`127.0.0.1:${targetPort} Basic dTpw`]);
      await assert.rejects(tunnel(new URL(`http://127.0.0.1:${proxyPort}`), new URL('https://blocked/'), {}, { env: {} }), /refused to connect to blocked:443 \(HTTP 403\)/);
    } finally {
      for (const s of [target, proxy]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    }
  });
});
