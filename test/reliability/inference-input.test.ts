/**
 * Bad input to the prompting commands: each gets exit 2 and one line saying what was wrong and
 * what to do — never a crash, a leaked ONNX Runtime log line, or a silent empty answer. Includes
 * the arguments of ~30 KB and more that used to crash the CLI (exit 139) inside ORT's first
 * initialisation (its telemetry read the command line; runtime/ort.ts turns telemetry off).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCliOnce, ROOT, runCli, tempDir, type CliResult } from '../integration/cli-helpers';

/** Exit 2 with exactly one plain line on stderr, matching `pattern`. */
function assertOneLine(run: CliResult, pattern: RegExp): void {
  assert.equal(run.signal, null, `killed by ${run.signal}`);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /^error: [^\n]*\n$/, 'one line on stderr');
  assert.doesNotMatch(run.stderr, /\x1b\[|onnxruntime/i, 'no ONNX Runtime log line');
  assert.match(run.stderr, pattern);
}

describe('reliability: bad input to the inference commands', function () {
  this.timeout(120_000);
  let dir: string;
  let gpt2: string;
  let bert: string;
  before(() => {
    buildCliOnce();
    dir = tempDir('pl-infer-input-');
    gpt2 = path.join(dir, 'gpt2');
    bert = path.join(dir, 'bert');
    cpSync(path.join(ROOT, 'models', 'tiny-shakespeare-gpt2'), gpt2, { recursive: true });
    cpSync(path.join(ROOT, 'models', 'tiny-shakespeare-bert'), bert, { recursive: true });
  });

  it('a 40,000-character prompt, inline or from a file: exit 2 with one line, never a crash', async () => {
    const prompt = 'x'.repeat(40_000);
    assertOneLine(await runCli(['generate', gpt2, '--prompt', prompt, '--max-new-tokens', '2']), /the prompt is 40000 tokens long but this model's context holds \d+/);
    const file = path.join(dir, 'prompt.txt');
    writeFileSync(file, prompt);
    assertOneLine(await runCli(['generate', gpt2, '--prompt-file', file, '--max-new-tokens', '2']), /the prompt is 40000 tokens long/);
  });

  it('a 3,000-label verbalizer: exit 0 or 2, never a crash', async () => {
    const verbalizer = Array.from({ length: 3000 }, (_, i) => `label${i}=the`).join(',');
    const run = await runCli(['classify', gpt2, '--text', 'A fine play.', '--template', 'Review: {text} It was', '--verbalizer', verbalizer, '--json']);
    assert.equal(run.signal, null, `killed by ${run.signal}`);
    assert.ok(run.code === 0 || run.code === 2, `exit ${run.code}: ${run.stderr}`);
    if (run.code === 2) assert.match(run.stderr, /^error: [^\n]*\n$/);
  });

  it('fill-mask on a text longer than the model\'s positions says how many tokens against the limit', async () => {
    const text = `${'word '.repeat(2000)}[MASK]`;
    assertOneLine(await runCli(['fill-mask', bert, '--text', text]), /the text is \d+ tokens long .* reads at most 64/);
    const file = path.join(dir, 'long.txt');
    writeFileSync(file, text);
    assertOneLine(await runCli(['fill-mask', bert, '--text-file', file]), /reads at most 64/);
  });

  it('a prompt of characters the model never saw is refused, and the prompt is not echoed', async () => {
    const run = await runCli(['generate', gpt2, '--prompt', '€€€', '--max-new-tokens', '2']);
    assertOneLine(run, /encodes to no tokens/);
    assert.equal(run.stdout, '');
  });

  it('a prompt that fills the context is refused instead of generating nothing with exit 0', async () => {
    assertOneLine(await runCli(['generate', gpt2, '--prompt', 'ab'.repeat(300), '--max-new-tokens', '5']), /600 tokens long .* at most 127 tokens/);
  });

  it('attention --out into a missing folder is refused before the model runs', async () => {
    const out = path.join(dir, 'missing', 'a.json');
    assertOneLine(await runCli(['attention', gpt2, '--text', 'To be', '--out', out]), /the folder .*missing does not exist/);
    assert.equal(existsSync(out), false);
  });

  it('every inference command bounds --threads as the training commands do', async () => {
    for (const args of [['generate', gpt2, '--prompt', 'To be'], ['fill-mask', bert, '--text', 'the [MASK] .'], ['attention', gpt2, '--text', 'To be'], ['classify', gpt2, '--text', 'x', '--template', '{text} It was', '--verbalizer', 'a=good,b=bad']]) {
      assertOneLine(await runCli([...args, '--threads', '1000']), /--threads must be an integer from 1 to \d+, got '1000'/);
    }
  });

  it('generate and attention take the common options (--debug, --json) and text from files', async () => {
    const prompt = path.join(dir, 'romeo.txt');
    writeFileSync(prompt, 'ROMEO:');
    const gen = await runCli(['generate', gpt2, '--prompt-file', prompt, '--max-new-tokens', '3', '--debug', '--json']);
    assert.equal(gen.code, 0, gen.stderr);
    assert.equal(JSON.parse(gen.stdout.trim().split('\n').at(-1)!).event, 'done');
    const out = path.join(dir, 'attention.json');
    const att = await runCli(['attention', gpt2, '--text-file', prompt, '--out', out, '--debug']);
    assert.equal(att.code, 0, att.stderr);
    assert.ok(existsSync(out));
    assertOneLine(await runCli(['generate', gpt2]), /give --prompt or --prompt-file/);
  });
});
