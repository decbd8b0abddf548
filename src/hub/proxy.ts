// Which proxy a Hub request goes through, from the environment as curl and most tools read it:
// HTTPS_PROXY / HTTP_PROXY (either case; ALL_PROXY as the fallback), minus the hosts NO_PROXY names.
// Node's fetch ignores these variables, which is why the Hub client speaks node:http itself.
import { InputError } from '../util/errors';

/** NO_PROXY entries: `*`, a host, `.domain` or `domain` (its subdomains too), optional `:port`, or an IPv4 CIDR. */
function bypassed(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(entry);
    if (cidr) {
      if (inCidr(host, cidr[1], Number(cidr[2]))) return true;
      continue;
    }
    const m = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    const name = m[1].replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
    if (m[2] && m[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function inCidr(host: string, base: string, bits: number): boolean {
  const a = ipv4(host);
  const b = ipv4(base);
  if (a === undefined || b === undefined || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() ? value.trim() : undefined;
}

/**
 * The proxy URL for a request to `url`, or undefined for a direct connection. `configured` (VS
 * Code's `http.proxy`) wins over the environment; NO_PROXY applies to both.
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv, configured?: string): URL | undefined {
  const noProxy = variable(env, 'no_proxy');
  if (noProxy && bypassed(url, noProxy)) return undefined;
  const chosen = configured?.trim() || (url.protocol === 'https:' ? variable(env, 'https_proxy') : variable(env, 'http_proxy')) || variable(env, 'all_proxy');
  if (!chosen) return undefined;
  try {
    const proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : `http://${chosen}`);
    if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') throw new Error(`unsupported proxy scheme ${proxy.protocol}`);
    return proxy;
  } catch (error) {
    throw new InputError(`the proxy setting "${chosen}" is not an http(s) proxy URL (${error instanceof Error ? error.message : String(error)}); fix HTTPS_PROXY/HTTP_PROXY or VS Code's http.proxy`);
  }
}
