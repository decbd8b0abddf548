// The Hub download end to end against a local server that mimics the Hub (test/helpers/fake-hub.ts):
// files, hashes and the pinned commit recorded; redirects to a CDN path; X-Linked-* headers;
// LFS pointers; Range resumes after a dropped connection; wrong hashes refused; 401/404/offline
// as one line each; pickle-only repos refused. No internet.
import * as assert from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadModel, DOWNLOAD_RECORD_FILE, DownloadChecksumError, DownloadInterruptedError, HubOfflineError, stagingFolderFor, type DownloadRecord } from '../../../src/hub';
import { InputError } from '../../../src/util/errors';
import * as http from 'node:http';
import * as net from 'node:net';
import { modelRepo, refusedPort, selfSignedCertificate, sha256, startFakeHub, type FakeHub, type FakeRepo } from '../../helpers/fake-hub';

const EXPECTED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json', 'model.safetensors'];

function oneLine(error: unknown): string {
  assert.ok(error instanceof Error);
  assert.ok(!error.message.includes('\n'), `not one line: ${error.message}`);
  return error.message;
}

describe('hub: downloadModel against a fake Hub', function () {
  this.timeout(30_000);
  let hub: FakeHub | undefined;
  let dir: string;
  const env = {};

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pl-hub-'));
  });
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  async function start(repos: FakeRepo[], options: Parameters<typeof startFakeHub>[1] = {}): Promise<FakeHub> {
    hub = await startFakeHub(repos, options);
    return hub;
  }

  function download(repo: string, extra: { revision?: string; token?: string; out?: string; endpoint?: string; signal?: AbortSignal } = {}) {
    return downloadModel({
      repo,
      revision: extra.revision ?? 'main',
      out: extra.out ?? path.join(dir, 'model'),
      endpoint: new URL(extra.endpoint ?? hub!.url),
      http: { env, token: extra.token, signal: extra.signal },
    });
  }

  function fileBytes(repo: FakeRepo, name: string): Buffer {
    return repo.files.find((f) => f.name === name)!.content;
  }

  it('downloads the model folder files, checks them and records the pinned commit', async () => {
    const repo = modelRepo('gpt2');
    await start([repo]);
    const progress: number[] = [];
    const { dir: out, record } = await downloadModel({ repo: 'gpt2', revision: 'main', out: path.join(dir, 'model'), endpoint: new URL(hub!.url), http: { env }, onProgress: (b) => progress.push(b) });
    assert.deepStrictEqual(readdirSync(out).sort(), [...EXPECTED_FILES, DOWNLOAD_RECORD_FILE].sort(), 'no README, no .bin, no onnx/');
    for (const name of EXPECTED_FILES) assert.ok(readFileSync(path.join(out, name)).equals(fileBytes(repo, name)), name);
    const written = JSON.parse(readFileSync(path.join(out, DOWNLOAD_RECORD_FILE), 'utf8')) as DownloadRecord;
    assert.deepStrictEqual(written, record);
    assert.strictEqual(record.commit, repo.commit);
    assert.strictEqual(record.revision, 'main');
    assert.strictEqual(record.repo, 'gpt2');
    assert.deepStrictEqual(record.files.map((f) => f.sha256), EXPECTED_FILES.map((n) => sha256(fileBytes(repo, n))));
    const total = EXPECTED_FILES.reduce((n, f) => n + fileBytes(repo, f).length, 0);
    assert.strictEqual(progress.at(-1), total);
    // Files are fetched at the pinned commit; the weights through the CDN redirect, without the token.
    const resolves = hub!.requests.filter((r) => r.path.includes('/resolve/'));
    assert.ok(resolves.every((r) => r.path.includes(`/resolve/${repo.commit}/`)), JSON.stringify(resolves));
    assert.ok(hub!.requests.some((r) => r.path.startsWith('/cdn-lfs/')), 'followed the redirect to the CDN path');
    assert.ok(!hub!.requests.some((r) => r.path.includes('pytorch_model.bin') || r.path.includes('onnx')), 'never fetches pickle or other files');
    assert.ok(!existsSync(stagingFolderFor(out)), 'staging folder renamed away');
  });

  it('downloads an empty file too', async () => {
    const repo = modelRepo('gpt2');
    repo.files.push({ name: 'added_tokens.json', content: Buffer.alloc(0) });
    await start([repo]);
    const { dir: out } = await download('gpt2');
    assert.strictEqual(readFileSync(path.join(out, 'added_tokens.json')).length, 0);
  });

  it('downloads sharded safetensors with their index', async () => {
    const repo = modelRepo('org/sharded', { shards: 3, weightsBytes: 4000 });
    await start([repo]);
    const { dir: out } = await download('org/sharded');
    const names = readdirSync(out);
    for (const f of repo.files.filter((x) => x.name.endsWith('.safetensors') || x.name.endsWith('.index.json'))) {
      assert.ok(names.includes(f.name), f.name);
      assert.ok(readFileSync(path.join(out, f.name)).equals(f.content));
    }
  });

  it('refuses an index that names a shard the repo does not have, and leaves no model folder', async () => {
    const repo = modelRepo('org/broken', { shards: 2, weightsBytes: 1000 });
    repo.files = repo.files.filter((f) => f.name !== 'model-00002-of-00002.safetensors');
    await start([repo]);
    const out = path.join(dir, 'model');
    const error = await download('org/broken', { out }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof InputError, String(error));
    assert.match(oneLine(error), /names shards the repo does not have: model-00002-of-00002\.safetensors/);
    assert.ok(!existsSync(out));
  });

  it('checks against X-Linked-Size / X-Linked-Etag and ETag when the listing has no sizes or hashes', async () => {
    const repo = modelRepo('gpt2');
    await start([repo], { faults: { bareListing: true } });
    const { record } = await download('gpt2');
    assert.strictEqual(record.files.find((f) => f.name === 'model.safetensors')!.sha256, sha256(fileBytes(repo, 'model.safetensors')));
  });

  it('refuses bytes whose hash is not the one from the headers alone (bare listing), and deletes them', async () => {
    await start([modelRepo('gpt2')], { faults: { bareListing: true, corrupt: new Set(['model.safetensors']) } });
    const error = await download('gpt2').then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof DownloadChecksumError, String(error));
    assert.match(oneLine(error), /model\.safetensors failed its hash check/);
  });

  it('refuses a wrong SHA-256, deletes the partial file and leaves no model folder', async () => {
    await start([modelRepo('gpt2')], { faults: { corrupt: new Set(['model.safetensors']) } });
    const out = path.join(dir, 'model');
    const error = await download('gpt2', { out }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof DownloadChecksumError, String(error));
    assert.match(oneLine(error), /SHA-256 .* expected/);
    assert.ok(!existsSync(out));
    const staging = stagingFolderFor(out);
    assert.ok(!existsSync(path.join(staging, 'model.safetensors.part')), 'partial file removed');
    assert.ok(!existsSync(path.join(staging, 'model.safetensors')));
  });

  it('refuses a wrong small file (git blob id) too', async () => {
    await start([modelRepo('gpt2')], { faults: { corrupt: new Set(['config.json']) } });
    const error = await download('gpt2').then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof DownloadChecksumError, String(error));
    assert.match(oneLine(error), /config\.json failed its hash check \(git blob id/);
  });

  it('refuses an LFS pointer served in place of the weights', async () => {
    await start([modelRepo('gpt2')], { faults: { pointerInstead: new Set(['model.safetensors']) } });
    const out = path.join(dir, 'model');
    const error = await download('gpt2', { out }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof DownloadChecksumError, String(error));
    assert.match(oneLine(error), /LFS pointer instead of its content/);
    assert.ok(!existsSync(path.join(stagingFolderFor(out), 'model.safetensors.part')));
  });

  it('resumes an interrupted transfer with a Range request and completes it', async () => {
    const repo = modelRepo('gpt2', { weightsBytes: 200_000 });
    await start([repo], { faults: { dropAfter: new Map([['model.safetensors', 70_000]]) } });
    const out = path.join(dir, 'model');
    const first = await download('gpt2', { out }).then(() => undefined, (e: unknown) => e);
    assert.ok(first instanceof DownloadInterruptedError, String(first));
    assert.match(oneLine(first), /stopped at \d+ of 200000 bytes.*run the same command again to resume/);
    assert.ok(!existsSync(out), 'no folder that looks complete');
    const part = path.join(stagingFolderFor(out), 'model.safetensors.part');
    const kept = statSync(part).size;
    assert.ok(kept > 0 && kept < 200_000, `kept ${kept}`);
    const before = hub!.requests.length;

    const { record } = await download('gpt2', { out });
    const again = hub!.requests.slice(before);
    const ranged = again.filter((r) => r.range !== undefined);
    assert.deepStrictEqual(ranged.map((r) => r.range), [`bytes=${kept}-`, `bytes=${kept}-`], 'the resolve and the CDN request both ask for the rest');
    assert.ok(!again.some((r) => r.path.endsWith('/config.json')), 'files done in the first run are not fetched again');
    assert.ok(readFileSync(path.join(out, 'model.safetensors')).equals(fileBytes(repo, 'model.safetensors')));
    assert.strictEqual(record.files.find((f) => f.name === 'model.safetensors')!.sha256, sha256(fileBytes(repo, 'model.safetensors')));
  });

  it('starts over when the server ignores the Range request', async () => {
    const repo = modelRepo('gpt2', { weightsBytes: 100_000 });
    await start([repo], { faults: { dropAfter: new Map([['model.safetensors', 30_000]]), ignoreRange: true } });
    const out = path.join(dir, 'model');
    await assert.rejects(download('gpt2', { out }), DownloadInterruptedError);
    await download('gpt2', { out });
    assert.ok(readFileSync(path.join(out, 'model.safetensors')).equals(fileBytes(repo, 'model.safetensors')));
  });

  it('starts afresh when the revision now resolves to another commit', async () => {
    const repo = modelRepo('gpt2', { weightsBytes: 100_000 });
    await start([repo], { faults: { dropAfter: new Map([['model.safetensors', 30_000]]) } });
    const out = path.join(dir, 'model');
    await assert.rejects(download('gpt2', { out }), DownloadInterruptedError);
    repo.commit = 'f'.repeat(40);
    const before = hub!.requests.length;
    const { record } = await download('gpt2', { out });
    assert.strictEqual(record.commit, repo.commit);
    assert.ok(hub!.requests.slice(before).every((r) => r.range === undefined), 'nothing resumed from another commit');
  });

  it('sends HF_TOKEN as a Bearer token to the Hub for gated repos; 401 without it is one line naming HF_TOKEN', async () => {
    await start([modelRepo('meta/gated', { gated: true })], { token: 'hf_secret' });
    const error = await download('meta/gated').then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof InputError, String(error));
    assert.match(oneLine(error), /HTTP 401.*HF_TOKEN/);
    const wrong = await download('meta/gated', { token: 'hf_wrong' }).then(() => undefined, (e: unknown) => e);
    assert.match(oneLine(wrong), /HF_TOKEN cannot read it/);
    await download('meta/gated', { token: 'hf_secret' });
    assert.ok(hub!.requests.some((r) => r.path.includes('/resolve/') && r.authorization === 'Bearer hf_secret'));
    assert.ok(hub!.requests.filter((r) => r.path.startsWith('/cdn-lfs/')).every((r) => r.authorization === undefined), 'the token never goes to the CDN');
  });

  it('gives one line for a repo or revision that does not exist (404)', async () => {
    await start([modelRepo('gpt2')]);
    const missing = await download('nobody/nothing').then(() => undefined, (e: unknown) => e);
    assert.ok(missing instanceof InputError);
    assert.match(oneLine(missing), /nobody\/nothing at revision main was not found .*HTTP 404/);
    const badRevision = await download('gpt2', { revision: 'no-such-branch' }).then(() => undefined, (e: unknown) => e);
    assert.match(oneLine(badRevision), /gpt2 at revision no-such-branch was not found/);
  });

  it('refuses a repo that has only pickle weights, in one line, without fetching anything', async () => {
    await start([modelRepo('old/bin-only', { pickleOnly: true })]);
    const error = await download('old/bin-only').then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof InputError);
    assert.match(oneLine(error), /only as pickle \(pytorch_model\.bin\)/);
    assert.ok(!hub!.requests.some((r) => r.path.includes('/resolve/')));
  });

  it('says in one line that the Hub cannot be reached when the connection is refused', async () => {
    const port = await refusedPort();
    const error = await download('gpt2', { endpoint: `http://127.0.0.1:${port}` }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof HubOfflineError, String(error));
    assert.match(oneLine(error), new RegExp(`cannot reach 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\).*offline`));
  });

  it('goes through HTTP_PROXY, and around it for NO_PROXY hosts', async () => {
    const repo = modelRepo('gpt2');
    await start([repo]);
    const proxied: string[] = [];
    const proxy = http.createServer((req, res) => {
      proxied.push(req.url ?? '');
      const upstream = http.request(req.url!, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
      await downloadModel({ repo: 'gpt2', revision: 'main', out: path.join(dir, 'a'), endpoint: new URL(hub!.url), http: { env: { HTTP_PROXY: proxyUrl } } });
      assert.ok(proxied.some((u) => u.startsWith(`${hub!.url}/api/models/gpt2/`)), JSON.stringify(proxied));
      assert.ok(proxied.some((u) => u.startsWith(`${hub!.cdnUrl}/cdn-lfs/`)));
      const seen = proxied.length;
      await downloadModel({ repo: 'gpt2', revision: 'main', out: path.join(dir, 'b'), endpoint: new URL(hub!.url), http: { env: { HTTP_PROXY: proxyUrl, NO_PROXY: 'localhost,127.0.0.1' } } });
      assert.strictEqual(proxied.length, seen, 'NO_PROXY host bypassed the proxy');
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('downloads over https directly and through an HTTPS_PROXY CONNECT tunnel', async function () {
    const tls = selfSignedCertificate();
    if (!tls) return this.skip(); // no openssl here
    const repo = modelRepo('gpt2');
    await start([repo], { tls });
    const tunnels: string[] = [];
    const sockets: net.Socket[] = [];
    const proxy = http.createServer();
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
      tunnels.push(req.url ?? '');
      sockets.push(client); // tunnels are not the server's connections: closed by hand below
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const hubUrl = new URL(hub!.url);
      const direct = await downloadModel({ repo: 'gpt2', revision: 'main', out: path.join(dir, 'direct'), endpoint: hubUrl, http: { env: {}, ca: tls.cert } });
      assert.strictEqual(direct.record.commit, repo.commit);
      assert.strictEqual(tunnels.length, 0, "direct: no tunnel");
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
      const tunnelled = await downloadModel({ repo: 'gpt2', revision: 'main', out: path.join(dir, 'tunnelled'), endpoint: hubUrl, http: { env: { HTTPS_PROXY: proxyUrl }, ca: tls.cert } });
      assert.deepStrictEqual(tunnelled.record.files, direct.record.files);
      assert.ok(tunnels.includes(hubUrl.host) && tunnels.includes(new URL(hub!.cdnUrl).host), JSON.stringify(tunnels));
      // An untrusted certificate is refused, not downloaded from.
      await assert.rejects(downloadModel({ repo: 'gpt2', revision: 'main', out: path.join(dir, 'untrusted'), endpoint: hubUrl, http: { env: {} } }), /self[- ]signed|certificate/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('refuses a target folder that exists, and a malformed repo id, before any request', async () => {
    await start([modelRepo('gpt2')]);
    const out = path.join(dir, 'there');
    mkdirSync(out);
    writeFileSync(path.join(out, 'x'), '');
    assert.match(oneLine(await download('gpt2', { out }).then(() => undefined, (e: unknown) => e)), /already exists/);
    assert.match(oneLine(await download('../etc').then(() => undefined, (e: unknown) => e)), /not a Hugging Face repo id/);
    // A folder that cannot be made: one line with the code, never Node's raw "ECODE: …" text.
    for (const bad of ['/dev/null/x', '/dev/null/x/y/z', path.join(dir, 'n'.repeat(300))]) {
      const error = await download('gpt2', { out: bad }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof InputError, String(error));
      assert.match(oneLine(error), /^cannot (write|create) the model folder: .*\((\w+, )?E[A-Z]+\)/);
      assert.doesNotMatch(oneLine(error), /\bE[A-Z]{3,}: /);
    }
    assert.strictEqual(hub!.requests.length, 0);
  });

  it('refuses at once, in one line, a download larger than the free disk space', async () => {
    const repo = modelRepo('huge');
    repo.files.find((f) => f.name === 'model.safetensors')!.listedSize = 2 ** 52;
    await start([repo]);
    const error = await download('huge').then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof InputError, String(error));
    assert.match(oneLine(error), /need 4096 TiB more but .* free/);
    assert.ok(!hub!.requests.some((r) => r.path.includes('/resolve/')));
  });

  it('stops on abort without leaving a complete-looking folder', async () => {
    await start([modelRepo('gpt2')]);
    const controller = new AbortController();
    controller.abort();
    const out = path.join(dir, 'model');
    await assert.rejects(download('gpt2', { out, signal: controller.signal }));
    assert.ok(!existsSync(out));
  });
});
