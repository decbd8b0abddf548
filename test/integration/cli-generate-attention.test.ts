/**
 * `generate` and `attention` through the real CLI entry point, on the bundled models:
 * output, JSON events and exit codes, and one-line errors (exit 2) for bad usage.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, buildCliOnce, jsonEvents, runCli, tempDir } from './cli-helpers';

const GPT2 = path.join(ROOT, 'models', 'tiny-shakespeare-gpt2');
const BERT = path.join(ROOT, 'models', 'tiny-shakespeare-bert');

function assertOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got: ${result.stderr}`);
  assert.match(lines[0], pattern);
}

describe('CLI: generate and attention', () => {
  let dir: string;
  before(() => {
    buildCliOnce();
    dir = tempDir();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('generate streams a continuation after the prompt and exits 0', async () => {
    const r = await runCli(['generate', GPT2, '--prompt', 'ROMEO:', '--max-new-tokens', '30', '--temperature', '0', '--threads', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith('ROMEO:'), r.stdout);
    assert.ok(r.stdout.trim().length > 'ROMEO:'.length + 10, 'a continuation was printed');
    assert.match(r.stderr, /tokens, first after \d+ ms/);
  });

  it('generate --json prints one token event per token, then done; greedy output is reproducible', async () => {
    const args = ['generate', GPT2, '--prompt', 'To be', '--max-new-tokens', '12', '--temperature', '0', '--json', '--threads', '1'];
    const [a, b] = [await runCli(args), await runCli(args)];
    assert.equal(a.code, 0, a.stderr);
    const events = jsonEvents(a.stdout);
    const done = events.pop()!;
    assert.equal(done.event, 'done');
    assert.equal(events.length, done.tokens);
    assert.ok(events.every((e) => e.event === 'token'));
    assert.equal(events.map((e) => e.text).join(''), done.text);
    // Timings differ from run to run; the tokens must not.
    assert.deepEqual(jsonEvents(b.stdout).slice(0, -1), events);
  });

  it('attention writes an HTML view (gpt2, causal) and JSON maps (bert, self)', async () => {
    const html = path.join(dir, 'a.html');
    const r1 = await runCli(['attention', GPT2, '--text', 'To be, or not to be', '--out', html, '--threads', '1']);
    assert.equal(r1.code, 0, r1.stderr);
    assert.match(readFileSync(html, 'utf8'), /<canvas id="big">/);
    const json = path.join(dir, 'b.json');
    const r2 = await runCli(['attention', BERT, '--text', 'the king loves the queen', '--out', json, '--threads', '1']);
    assert.equal(r2.code, 0, r2.stderr);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { maps: { kind: string; weights: number[][][] }[]; queryTokens: string[] };
    assert.ok(report.maps.length > 0 && report.maps.every((m) => m.kind === 'self'));
    assert.equal(report.maps[0].weights[0].length, report.queryTokens.length);
  });

  it('bad usage and bad input exit 2 with one line', async () => {
    assertOneLineError(await runCli(['generate', GPT2]), /--prompt/);
    assertOneLineError(await runCli(['generate', path.join(dir, 'missing'), '--prompt', 'x']), /model folder .*missing does not exist/);
    assertOneLineError(await runCli(['generate', BERT, '--prompt', 'x']), /decoder/);
    assertOneLineError(await runCli(['attention', GPT2, '--text', 'x', '--out', path.join(dir, 'a.txt')]), /\.json or \.html/);
    assertOneLineError(await runCli(['generate', GPT2, '--prompt', 'x', '--temperature', 'hot']), /temperature/);
  });
});
