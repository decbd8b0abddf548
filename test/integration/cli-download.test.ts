// `pretrain-lab download` as users run it (the built CLI in a child process) against a local
// server that mimics the Hub: the folder and its record, HF_ENDPOINT and HF_TOKEN from the
// environment, resume after a dropped connection, and one line with exit 2 (or 1 when offline)
// for each failure. No internet.
import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DOWNLOAD_RECORD_FILE } from '../../src/hub';
import { modelRepo, refusedPort, startFakeHub, type FakeHub } from '../helpers/fake-hub';
import { buildCliOnce, jsonEvents, ROOT, tempDir, type CliResult } from './cli-helpers';

const BIN = path.join(ROOT, 'bin', 'pretrain-lab.js');

function run(args: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(https?_proxy|all_proxy|no_proxy|hf_token|hf_endpoint)$/i.test(k)));
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function oneErrorLine(r: CliResult): string {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.strictEqual(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  return lines[0];
}

describe('cli: download from a fake Hub', function () {
  this.timeout(120_000);
  let hub: FakeHub;
  let cwd: string;
  const gated = modelRepo('org/gated', { gated: true });
  const big = modelRepo('org/big', { weightsBytes: 300_000 });

  before(async () => {
    buildCliOnce();
    hub = await startFakeHub([modelRepo('gpt2'), modelRepo('old/bin-only', { pickleOnly: true }), gated, big], {
      token: 'hf_test',
      faults: { dropAfter: new Map([['model.safetensors', 100_000]]) },
    });
  });
  after(() => hub.close());
  beforeEach(() => {
    cwd = tempDir('pl-cli-download-');
    hub.faults.dropAfter = undefined;
    hub.faults.stallAfter = undefined;
    hub.rearm();
  });

  it('downloads into ./<name> from HF_ENDPOINT and records the commit', async () => {
    const r = await run(['download', 'gpt2'], { HF_ENDPOINT: hub.url }, cwd);
    assert.strictEqual(r.code, 0, r.stderr);
    const out = path.join(cwd, 'gpt2');
    assert.ok(readdirSync(out).includes('model.safetensors'));
    const record = JSON.parse(readFileSync(path.join(out, DOWNLOAD_RECORD_FILE), 'utf8')) as { commit: string; files: unknown[] };
    assert.strictEqual(record.commit, modelRepo('gpt2').commit);
    assert.match(r.stdout, /downloaded gpt2 \(commit [0-9a-f]{12}\) into/);
    assert.match(r.stdout, /model\.safetensors .* sha256 [0-9a-f]{12}/);
  });

  it('prints JSON events with --json and takes --endpoint and --out', async () => {
    const r = await run(['download', 'gpt2', '--endpoint', hub.url, '--out', 'models/g', '--json'], {}, cwd);
    assert.strictEqual(r.code, 0, r.stderr);
    const events = jsonEvents(r.stdout);
    assert.deepStrictEqual([events[0].event, events.at(-1)!.event], ['plan', 'done']);
    assert.ok(events.some((e) => e.event === 'file' && e.name === 'config.json'));
    assert.strictEqual(events.at(-1)!.dir, path.join(cwd, 'models', 'g'));
  });

  it('resumes after the connection drops mid-file', async () => {
    hub.faults.dropAfter = new Map([['model.safetensors', 100_000]]);
    const first = await run(['download', 'org/big', '--endpoint', hub.url], {}, cwd);
    assert.strictEqual(first.code, 1);
    assert.match(oneErrorLine(first), /stopped at \d+ of 300000 bytes.*run the same command again to resume/);
    assert.ok(!existsSync(path.join(cwd, 'big')));
    const second = await run(['download', 'org/big', '--endpoint', hub.url], {}, cwd);
    assert.strictEqual(second.code, 0, second.stderr);
    assert.match(second.stdout, /model\.safetensors .*resumed at/);
    assert.ok(readFileSync(path.join(cwd, 'big', 'model.safetensors')).equals(big.files.find((f) => f.name === 'model.safetensors')!.content));
  });

  it('resumes after the CLI is killed mid-file, leaving no folder that looks complete meanwhile', async () => {
    hub.faults.stallAfter = new Map([['model.safetensors', 120_000]]);
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(https?_proxy|all_proxy|no_proxy|hf_token|hf_endpoint)$/i.test(k)));
    const child = spawn(process.execPath, [BIN, 'download', 'org/big', '--endpoint', hub.url, '--out', 'killed'], { cwd, env: clean, stdio: 'ignore' });
    const closed = new Promise((r) => child.on('close', r));
    const part = path.join(cwd, '.killed.download', 'model.safetensors.part');
    const deadline = Date.now() + 60_000;
    while (!(existsSync(part) && statSync(part).size >= 120_000) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await closed;
    assert.ok(!existsSync(path.join(cwd, 'killed')), 'no target folder after the kill');
    assert.strictEqual(statSync(part).size, 120_000);
    const again = await run(['download', 'org/big', '--endpoint', hub.url, '--out', 'killed'], {}, cwd);
    assert.strictEqual(again.code, 0, again.stderr);
    assert.match(again.stdout, /model\.safetensors .*resumed at 117 KiB/);
    assert.ok(readFileSync(path.join(cwd, 'killed', 'model.safetensors')).equals(big.files.find((f) => f.name === 'model.safetensors')!.content));
  });

  it('uses HF_TOKEN for a gated repo; without it, one line naming HF_TOKEN (exit 2)', async () => {
    const refused = await run(['download', 'org/gated', '--endpoint', hub.url], {}, cwd);
    assert.strictEqual(refused.code, 2);
    assert.match(oneErrorLine(refused), /^error: .*HTTP 401.*HF_TOKEN/);
    const ok = await run(['download', 'org/gated', '--endpoint', hub.url], { HF_TOKEN: 'hf_test' }, cwd);
    assert.strictEqual(ok.code, 0, ok.stderr);
  });

  it('gives one line for 404, a pickle-only repo, a bad repo id and a bad endpoint (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['download', 'nobody/nothing', '--endpoint', hub.url], /nobody\/nothing at revision main was not found/],
      [['download', 'gpt2', '--revision', 'nope', '--endpoint', hub.url], /gpt2 at revision nope was not found/],
      [['download', 'old/bin-only', '--endpoint', hub.url], /only as pickle/],
      [['download', '../../etc/passwd', '--endpoint', hub.url], /not a Hugging Face repo id/],
      [['download', 'gpt2', '--endpoint', 'ftp://example.com'], /must be a plain http\(s\) URL/],
    ];
    for (const [args, pattern] of cases) {
      const r = await run(args, {}, cwd);
      assert.strictEqual(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(oneErrorLine(r), pattern);
    }
  });

  it('says in one line that the Hub cannot be reached when offline (exit 1)', async () => {
    const port = await refusedPort();
    const r = await run(['download', 'gpt2'], { HF_ENDPOINT: `http://127.0.0.1:${port}` }, cwd);
    assert.strictEqual(r.code, 1);
    assert.match(oneErrorLine(r), /cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\): this machine looks offline/);
    assert.ok(!existsSync(path.join(cwd, 'gpt2')));
  });
});
