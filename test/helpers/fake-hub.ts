/**
 * A local HTTP server that answers like the Hugging Face Hub, for the download tests (no
 * internet in tests): the model listing API (`/api/models/{repo}/revision/{rev}?blobs=true`),
 * the resolve endpoint (small files served directly with their git blob id as ETag; LFS files
 * redirected to a CDN-like path on a second port — another origin, as the Hub's CDN is — with X-Linked-Size / X-Linked-Etag /
 * X-Repo-Commit on the redirect), Range requests, gated repos, and injectable faults: a
 * connection dropped mid-file, corrupted bytes, an LFS pointer served instead of the content.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface FakeFile {
  name: string;
  content: Buffer;
  /** Stored in Git LFS (weights): listed with an `lfs.sha256` and served through the CDN redirect. */
  lfs?: boolean;
  /** The size the listing claims, when it is to differ from the content's. */
  listedSize?: number;
}

export interface FakeRepo {
  id: string;
  /** 40 hex; every branch name resolves to it. */
  commit: string;
  files: FakeFile[];
  /** Needs `Authorization: Bearer <hub token>`. */
  gated?: boolean;
}

export interface FakeHubFaults {
  /** File name → bytes after which the connection is destroyed, the first time that file is served. */
  dropAfter?: Map<string, number>;
  /** File name → bytes after which the server stops sending (the connection stays open), the first time that file is served. */
  stallAfter?: Map<string, number>;
  /** Files served with one byte flipped (every time). */
  corrupt?: Set<string>;
  /** LFS files whose pointer text is served instead of their content. */
  pointerInstead?: Set<string>;
  /** Range headers ignored (200 with the whole file). */
  ignoreRange?: boolean;
  /** The listing without sizes and hashes (as the API answers without blobs=true): only headers tell them. */
  bareListing?: boolean;
}

export interface FakeRequest {
  method: string;
  path: string;
  range?: string;
  authorization?: string;
}

export interface FakeHub {
  url: string;
  /** The CDN's origin, where LFS files are redirected to. */
  cdnUrl: string;
  requests: FakeRequest[];
  faults: FakeHubFaults;
  /** Arms the once-only faults (drop, stall) again. */
  rearm(): void;
  close(): Promise<void>;
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
export const gitBlobId = (b: Buffer): string => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

export function lfsPointer(content: Buffer): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(content)}\nsize ${content.length}\n`;
}

/** A commit sha from a label, so tests can name them. */
export function commitOf(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

export async function startFakeHub(repos: FakeRepo[], options: { token?: string; faults?: FakeHubFaults; /** Serve https with this key and certificate. */ tls?: { key: string; cert: string } } = {}): Promise<FakeHub> {
  const requests: FakeRequest[] = [];
  const faults: FakeHubFaults = options.faults ?? {};
  const dropped = new Set<string>();
  const byHash = new Map<string, FakeFile>();
  for (const repo of repos) for (const f of repo.files) if (f.lfs) byHash.set(sha256(f.content), f);

  const findRepo = (id: string) => repos.find((r) => r.id === id);
  const revisionOk = (repo: FakeRepo, rev: string) => rev === repo.commit || /^(main|v[\w.]+)$/.test(rev);
  const authorized = (repo: FakeRepo, req: http.IncomingMessage) => !repo.gated || req.headers.authorization === `Bearer ${options.token}`;

  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };

  /** The bytes of a file as served (with faults), honouring Range. */
  const serveContent = (req: http.IncomingMessage, res: http.ServerResponse, file: FakeFile, headers: Record<string, string>) => {
    let body = file.content;
    if (faults.pointerInstead?.has(file.name)) body = Buffer.from(lfsPointer(file.content));
    if (faults.corrupt?.has(file.name)) {
      body = Buffer.from(body);
      body[body.length >> 1] ^= 0xff;
    }
    let status = 200;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const all: Record<string, string> = { ...headers, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    if (range && !faults.ignoreRange) {
      const start = Number(range[1]);
      if (start >= body.length) return send(res, 416, '', { ...all, 'content-range': `bytes */${body.length}` });
      all['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
      body = body.subarray(start);
      status = 206;
    }
    res.writeHead(status, { ...all, 'content-length': String(body.length) });
    const stall = faults.stallAfter?.get(file.name);
    if (stall !== undefined && !dropped.has(`stall:${file.name}`) && stall < body.length) {
      dropped.add(`stall:${file.name}`);
      res.write(body.subarray(0, stall));
      return;
    }
    const drop = faults.dropAfter?.get(file.name);
    if (drop !== undefined && !dropped.has(`drop:${file.name}`) && drop < body.length) {
      dropped.add(`drop:${file.name}`);
      res.write(body.subarray(0, drop), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(body);
  };

  let cdnUrl = '';
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake-hub');
    const pathname = decodeURIComponent(url.pathname);
    requests.push({ method: req.method ?? '', path: pathname, range: req.headers.range, authorization: req.headers.authorization });
    if (req.method !== 'GET') return send(res, 405, 'method not allowed');

    const api = /^\/api\/models\/(.+)\/revision\/([^/]+)$/.exec(pathname);
    if (api) {
      const repo = findRepo(api[1]);
      if (!repo || !revisionOk(repo, api[2])) return send(res, 404, JSON.stringify({ error: 'Repository not found' }), { 'x-error-code': 'RepoNotFound' });
      if (!authorized(repo, req)) return send(res, 401, JSON.stringify({ error: 'Access to this model is restricted' }), { 'x-error-code': 'GatedRepo' });
      const siblings = repo.files.map((f) => faults.bareListing ? { rfilename: f.name } : {
        rfilename: f.name,
        size: f.listedSize ?? f.content.length,
        blobId: f.lfs ? gitBlobId(Buffer.from(lfsPointer(f.content))) : gitBlobId(f.content),
        ...(f.lfs ? { lfs: { sha256: sha256(f.content), size: f.content.length, pointerSize: lfsPointer(f.content).length } } : {}),
      });
      const body = JSON.stringify({ id: repo.id, modelId: repo.id, sha: repo.commit, siblings });
      return send(res, 200, body, { 'content-type': 'application/json' });
    }

    const resolve = /^\/(.+)\/resolve\/([^/]+)\/(.+)$/.exec(pathname);
    if (resolve) {
      const repo = findRepo(resolve[1]);
      if (!repo || !revisionOk(repo, resolve[2])) return send(res, 404, 'Repository not found', { 'x-error-code': 'RepoNotFound' });
      if (!authorized(repo, req)) return send(res, 401, 'Access restricted', { 'x-error-code': 'GatedRepo' });
      const file = repo.files.find((f) => f.name === resolve[3]);
      if (!file) return send(res, 404, 'Entry not found', { 'x-error-code': 'EntryNotFound' });
      if (file.lfs) {
        // As the Hub: a redirect to the CDN, with the LFS metadata on the redirect itself.
        res.writeHead(302, {
          location: `${cdnUrl}/cdn-lfs/${sha256(file.content)}?expires=1`,
          'x-linked-size': String(file.content.length),
          'x-linked-etag': `"${sha256(file.content)}"`,
          'x-repo-commit': repo.commit,
          etag: `"${gitBlobId(Buffer.from(lfsPointer(file.content)))}"`,
          'content-length': '0',
        });
        return res.end();
      }
      return serveContent(req, res, file, { etag: `"${gitBlobId(file.content)}"`, 'x-repo-commit': repo.commit });
    }

    const cdn = /^\/cdn-lfs\/([0-9a-f]{64})$/.exec(pathname);
    if (cdn && byHash.has(cdn[1])) return serveContent(req, res, byHash.get(cdn[1])!, { etag: `"${cdn[1]}"` });
    return send(res, 404, 'not found');
  };
  const listen = async (server: http.Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const create = () => (options.tls ? https.createServer(options.tls, handler) : http.createServer(handler));
  const servers = [create(), create()];
  const url = await listen(servers[0]);
  cdnUrl = await listen(servers[1]);
  return {
    url,
    cdnUrl,
    requests,
    faults,
    rearm: () => dropped.clear(),
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/** A port nothing listens on (bound, then released): connecting to it is refused. */
export async function refusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A small model repo: config, tokenizer files, and weights (one safetensors file, or `shards` of them with an index). */
export function modelRepo(id: string, options: { shards?: number; weightsBytes?: number; pickleOnly?: boolean; gated?: boolean } = {}): FakeRepo {
  const weights = (seed: number, n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff));
  const json = (v: object) => Buffer.from(JSON.stringify(v));
  const files: FakeFile[] = [
    { name: 'config.json', content: json({ model_type: 'gpt2', n_layer: 1 }) },
    { name: 'tokenizer.json', content: json({ version: '1.0', model: { type: 'BPE' } }) },
    { name: 'tokenizer_config.json', content: json({ model_max_length: 1024 }) },
    { name: 'generation_config.json', content: json({ max_length: 20 }) },
    { name: 'README.md', content: Buffer.from('# a model\n') },
    { name: 'pytorch_model.bin', content: weights(9, 300), lfs: true },
    { name: 'onnx/model.onnx', content: weights(8, 100), lfs: true },
  ];
  const n = options.weightsBytes ?? 50_000;
  if (options.pickleOnly) {
    // only the .bin above
  } else if (options.shards) {
    const names = Array.from({ length: options.shards }, (_, i) => `model-${String(i + 1).padStart(5, '0')}-of-${String(options.shards).padStart(5, '0')}.safetensors`);
    names.forEach((name, i) => files.push({ name, content: weights(i + 1, n), lfs: true }));
    files.push({ name: 'model.safetensors.index.json', content: json({ metadata: { total_size: n * names.length }, weight_map: Object.fromEntries(names.map((s, i) => [`layer.${i}.weight`, s])) }) });
  } else {
    files.push({ name: 'model.safetensors', content: weights(1, n), lfs: true });
  }
  return { id, commit: commitOf(id), files, gated: options.gated };
}

/** A self-signed certificate for 127.0.0.1 made with openssl, or undefined where openssl is missing. */
export function selfSignedCertificate(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pl-fake-hub-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
