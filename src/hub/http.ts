// GET over node:http/https for the Hub client: redirects followed by hand (so the headers the
// Hub puts on its resolve redirect — X-Linked-Size, X-Linked-Etag, X-Repo-Commit — are kept),
// the token sent only to the endpoint's own origin, proxies honoured (an absolute-URL request
// for http, a CONNECT tunnel for https), an idle timeout, and aborts. Node's fetch has no proxy
// support without a dependency; node:http needs none.
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { isOfflineError, networkErrorCodes } from '../util/network-errors';
import { proxyFor } from './proxy';

export interface HubHttpOptions {
  env: NodeJS.ProcessEnv;
  /** Sent as `Authorization: Bearer …` to the endpoint's origin only (never to a CDN it redirects to). */
  token?: string;
  /** The editor's proxy setting (VS Code's `http.proxy`); wins over the environment's. */
  proxy?: string;
  signal?: AbortSignal;
  /** No bytes for this long → the request fails (ETIMEDOUT). */
  idleTimeoutMs?: number;
  /** CA certificates trusted instead of Node's (a private mirror, tests); NODE_EXTRA_CA_CERTS adds to Node's own. */
  ca?: string | Buffer;
}

export interface HubResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Headers of each redirect answered on the way, first first. */
  hops: http.IncomingHttpHeaders[];
  body: http.IncomingMessage;
  url: URL;
}

/** The connection itself failed (no route, refused, timed out): the message names the host, or the proxy. */
export class HubOfflineError extends Error {
  override readonly name = 'HubOfflineError';
  constructor(readonly host: string, readonly code: string | undefined, viaProxy: boolean) {
    super(`cannot reach ${host}${viaProxy ? ' (the proxy)' : ''}${code ? ` (${code})` : ''}: this machine looks offline, or a firewall or proxy blocks it; connect and run the same command again (a partial download resumes)`);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
const DEFAULT_IDLE_MS = 60_000;

/** The first value of a header along the redirect hops, then the final answer. */
export function headerAlong(response: Pick<HubResponse, 'hops' | 'headers'>, name: string): string | undefined {
  for (const headers of [...response.hops, response.headers]) {
    const value = headers[name.toLowerCase()];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

export async function hubGet(url: URL, options: HubHttpOptions, headers: Record<string, string> = {}): Promise<HubResponse> {
  const origin = url.origin;
  const hops: http.IncomingHttpHeaders[] = [];
  let at = url;
  for (let hop = 0; ; hop++) {
    const sent: Record<string, string> = { 'user-agent': 'pretrain-lab', ...headers };
    if (options.token && at.origin === origin) sent.authorization = `Bearer ${options.token}`;
    const response = await requestOnce(at, sent, options);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (!REDIRECTS.has(status) || !location) return { status, headers: response.headers, hops, body: response, url: at };
    response.resume();
    if (hop >= MAX_REDIRECTS) throw new Error(`${url.host} redirected more than ${MAX_REDIRECTS} times for ${url.pathname}`);
    hops.push(response.headers);
    at = new URL(location, at);
    if (at.protocol !== 'https:' && at.protocol !== 'http:') throw new Error(`${url.host} redirected to a ${at.protocol} URL`);
  }
}

function requestOnce(url: URL, headers: Record<string, string>, options: HubHttpOptions): Promise<http.IncomingMessage> {
  const proxy = proxyFor(url, options.env, options.proxy);
  const offline = (error: unknown): unknown => {
    if (options.signal?.aborted || !isOfflineError(error)) return error;
    return new HubOfflineError(proxy ? proxy.host : url.host, networkErrorCodes(error)[0], proxy !== undefined);
  };
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const start = async (): Promise<http.ClientRequest> => {
      const base = { headers, signal: options.signal, ...(options.ca ? { ca: options.ca } : {}) };
      if (!proxy) return (url.protocol === 'https:' ? https : http).request(url, base);
      const proxyAuth: Record<string, string> = proxy.username ? { 'proxy-authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` } : {};
      if (url.protocol === 'http:') {
        // A plain-http target goes to the proxy as an absolute-form request.
        return (proxy.protocol === 'https:' ? https : http).request(proxy, { ...base, path: url.href, headers: { ...headers, host: url.host, ...proxyAuth } });
      }
      const socket = await tunnel(proxy, url, proxyAuth, options);
      return https.request(url, { ...base, createConnection: () => tls.connect({ socket, host: url.hostname, servername: tlsServername(url.hostname), ...(options.ca ? { ca: options.ca } : {}) }) });
    };
    start().then((request) => {
      request.setTimeout(options.idleTimeoutMs ?? DEFAULT_IDLE_MS, () => request.destroy(Object.assign(new Error(`no answer from ${url.host} in ${Math.round((options.idleTimeoutMs ?? DEFAULT_IDLE_MS) / 1000)} s`), { code: 'ETIMEDOUT' })));
      request.on('response', resolve);
      request.on('error', (error) => reject(offline(error)));
      request.end();
    }, (error: unknown) => reject(offline(error)));
  });
}

/** SNI takes host names only: an IP address is sent without one (Node warns otherwise). */
function tlsServername(host: string): string | undefined {
  return isIP(host) ? undefined : host;
}

/** A CONNECT tunnel through the proxy to the target's host and port (exported for its test). */
export function tunnel(proxy: URL, target: URL, proxyAuth: Record<string, string>, options: HubHttpOptions): Promise<Socket> {
  const authority = `${target.hostname}:${target.port || 443}`;
  return new Promise((resolve, reject) => {
    const request = (proxy.protocol === 'https:' ? https : http).request({
      host: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...proxyAuth },
      signal: options.signal,
    });
    request.setTimeout(options.idleTimeoutMs ?? DEFAULT_IDLE_MS, () => request.destroy(Object.assign(new Error('proxy timed out'), { code: 'ETIMEDOUT' })));
    request.on('connect', (response: http.IncomingMessage, socket: Socket) => {
      request.setTimeout(0);
      if (response.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`the proxy ${proxy.host} refused to connect to ${authority} (HTTP ${response.statusCode})${response.statusCode === 407 ? '; give its credentials in the proxy URL' : ''}`));
    });
    request.on('error', reject);
    request.end();
  });
}
