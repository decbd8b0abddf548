/**
 * The CLI argument fuzzer (issue #20): seeded random command lines over every command and every
 * option its spec declares, with awkward values (huge, negative, NaN, hex, empty, long, paths
 * to special files, unknown options, missing values), run through the real CLI. Each case must
 * exit 0 or 2 within its time bound, say at most 3 lines on stderr, print no errno, runtime
 * error or stack text, and leave no process behind. Failures are printed with their argv.
 */
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OptionSpec } from '../../src/cli/args';
import { flagOf } from '../../src/cli/args';
import type { Command } from '../../src/cli/commands/command';
import { attentionCommand } from '../../src/cli/commands/attention';
import { classifyCommand } from '../../src/cli/commands/classify';
import { compareCommand } from '../../src/cli/commands/compare';
import { demoCommand } from '../../src/cli/commands/demo';
import { downloadCommand } from '../../src/cli/commands/download';
import { evalCommand } from '../../src/cli/commands/eval';
import { fillMaskCommand } from '../../src/cli/commands/fill-mask';
import { finetuneCommand } from '../../src/cli/commands/finetune';
import { generateCommand } from '../../src/cli/commands/generate';
import { infoCommand } from '../../src/cli/commands/info';
import { pairsCommand } from '../../src/cli/commands/pairs';
import { pretrainCommand } from '../../src/cli/commands/pretrain';
import { searchCommand } from '../../src/cli/commands/search';
import { KNOWN_ROWS } from '../../src/compare/rows';
import { Rng } from '../../src/util/rng';
import { buildCliOnce, ROOT, tempDir } from '../integration/cli-helpers';
import { modelRepo, startFakeHub, type FakeHub } from '../helpers/fake-hub';

const COMMANDS: Command[] = [pretrainCommand, finetuneCommand, compareCommand, generateCommand, fillMaskCommand, classifyCommand, evalCommand, attentionCommand, searchCommand, pairsCommand, infoCommand, downloadCommand, demoCommand];
const CASES = Number(process.env.CLI_FUZZ_CASES ?? 1000);
const SEED = Number(process.env.CLI_FUZZ_SEED ?? 20);
const PARALLEL = 3;
/** A case past this is a hang (training cases are tiny: ≤ 2 steps of a 1-layer model). */
const CASE_LIMIT_MS = 45_000;
const CLI = path.join(ROOT, 'bin', 'pretrain-lab.js');

/** Text that must never reach a user without --debug. */
const FORBIDDEN: [string, RegExp][] = [
  ['a raw errno', /\bE[A-Z]{3,}: /],
  ['a JavaScript error name', /\b(TypeError|RangeError|ReferenceError|SyntaxError)\b/],
  ['a stack line', /^\s+at /m],
  ['an array-length error', /Invalid array length/],
  ['an ONNX Runtime log line', /onnxruntime|\[E:onnxruntime|\[W:onnxruntime|Ort(Run|Session)|Non-zero status code/i],
];

/**
 * TODO(lead): failures found in other helpers' areas, tolerated only until their fixes land;
 * each is still printed, as KNOWN. Remove an entry as soon as its fix is in.
 *  - corpus scan (src/data/corpus-*): a corpus that is a device or FIFO is reported with the raw
 *    scandir errno ("could not be read (: ENOTDIR: not a directory, scandir '/dev/null')").
 */
const KNOWN: [string, RegExp][] = [];

/** Repos of the fuzzer's fake Hub (download cases name these half the time; the rest is drawn like any positional). */
const HUB_REPOS = ['gpt2', 'org/sharded', 'old/bin-only', 'org/gated'];
/** The environment every case runs in for download: set once the fake Hub listens. */
let hubEnv: Record<string, string> = {};

/** Options whose large values cost time or memory: drawn small or invalid, never huge-and-valid runtime. */
const COST = new Set(['steps', 'epochs', 'layers', 'heads', 'dim', 'context', 'batch', 'finetuneBatch', 'batches', 'gradAccum', 'evalBatches', 'maxNewTokens', 'vocabSize', 'topK', 'evalEvery', 'checkpointEvery', 'maxMinutes']);
/** Costly options that no size check refuses however large (a run of 2^31 steps is valid, only endless): never drawn huge, only negative. */
const DURATION = new Set(['steps', 'epochs']);
/** Tiny sizes added to training commands unless the case gave the option itself. */
const TINY_TRAINING: Record<string, string> = { steps: '1', layers: '1', heads: '1', dim: '8', context: '8', batch: '2', evalBatches: '1', threads: '1', tokenizer: 'char', epochs: '0.1' };
/** Commands that train: each case gets TINY_TRAINING's sizes for what it leaves out. */
const TRAINING_COMMANDS = new Set(['pretrain', 'finetune', 'compare', 'demo']);
/** Commands whose positional is a corpus, not a model folder. */
const CORPUS_COMMANDS = new Set(['pretrain', 'compare', 'pairs']);

interface Fixtures {
  dir: string;
  paths: string[];
  modelDirs: string[];
  /** A small workspace with code, for search. */
  codeFolder: string;
}

interface CaseResult {
  argv: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stderr: string;
  survivors: number[];
}

describe('reliability: CLI argument fuzzer', function () {
  this.timeout(20 * 60_000);
  before(buildCliOnce);
  // download never reaches the network: its Hub is a local fake (HF_ENDPOINT), proxies unset.
  let hub: FakeHub | undefined;
  before(async () => {
    hub = await startFakeHub(HUB_REPOS.map((id) => modelRepo(id, { pickleOnly: id.includes('bin'), shards: id.includes('shard') ? 2 : undefined, gated: id.includes('gated'), weightsBytes: 2000 })), { token: 'hf_fuzz' });
    hubEnv = { HF_ENDPOINT: hub.url };
  });
  after(() => hub?.close());

  it(`runs ${CASES} seeded command lines: exit 0 or 2, ≤ 3 lines, no raw errors, no process left`, async () => {
    const fixtures = makeFixtures();
    const rng = new Rng(SEED);
    const cases = Array.from({ length: CASES }, (_, i) => makeCase(rng, fixtures, i));
    const started = Date.now();
    const results = await runAll(cases, PARALLEL, fixtures.dir);
    const failing = results.map((r) => ({ r, problems: problemsOf(r), known: KNOWN.find(([, pattern]) => pattern.test(r.stderr))?.[0] })).filter((f) => f.problems.length > 0);
    const failures = failing.filter((f) => f.known === undefined);
    for (const { r, known } of failing.filter((f) => f.known !== undefined)) console.log(`      KNOWN (${known}): ${JSON.stringify(r.argv)}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    // How many of each command's cases ran to exit 0: a command whose every case is refused tests only its refusals.
    const perCommand = COMMANDS.map((c) => {
      const own = results.filter((r) => r.argv[0] === c.spec.name);
      return `${c.spec.name} ${own.length} (${own.filter((r) => r.code === 0).length} ran)`;
    }).join(', ');
    console.log(`      ${cases.length} cases (${perCommand}) in ${seconds} s, ${failures.length} failing`);
    for (const { r, problems } of failures) {
      console.log(`      FAIL exit ${r.code ?? r.signal} in ${r.ms} ms: ${problems.join('; ')}\n        argv: ${JSON.stringify(r.argv)}\n        stderr: ${JSON.stringify(r.stderr.slice(0, 400))}`);
    }
    rmSync(fixtures.dir, { recursive: true, force: true });
    assert.equal(failures.length, 0, `${failures.length} of ${cases.length} cases failed (printed above)`);
  });
});

function problemsOf(r: CaseResult): string[] {
  const problems: string[] = [];
  if (r.signal) problems.push(`killed by ${r.signal}${r.ms >= CASE_LIMIT_MS ? ' (time limit)' : ''}`);
  else if (r.code !== 0 && r.code !== 2) problems.push(`exit ${r.code}`);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  if (lines.length > 3) problems.push(`${lines.length} lines on stderr`);
  for (const [what, pattern] of FORBIDDEN) if (pattern.test(r.stderr)) problems.push(`stderr has ${what}`);
  if (r.survivors.length > 0) problems.push(`processes left behind: ${r.survivors.join(', ')}`);
  return problems;
}

function makeFixtures(): Fixtures {
  const dir = tempDir('pl-cli-fuzz-');
  const corpus = path.join(dir, 'corpus.txt');
  writeFileSync(corpus, readFileSync(path.join(ROOT, 'models', 'corpus', 'tinyshakespeare.txt'), 'utf8').slice(0, 6000));
  const labelled = path.join(dir, 'labels.jsonl');
  writeFileSync(labelled, Array.from({ length: 24 }, (_, i) => JSON.stringify({ text: `example ${i} ${'abc'.repeat(i % 4)}`, label: ['a', 'b', 'c'][i % 3] })).join('\n') + '\n');
  const gpt2 = path.join(dir, 'gpt2');
  const bert = path.join(dir, 'bert');
  cpSync(path.join(ROOT, 'models', 'tiny-shakespeare-gpt2'), gpt2, { recursive: true });
  cpSync(path.join(ROOT, 'models', 'tiny-shakespeare-bert'), bert, { recursive: true });
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const folder = path.join(dir, 'folder');
  mkdirSync(folder);
  symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
  symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
  const missing = path.join(dir, 'missing', 'nothing.txt');
  const specials = ['/dev/null', '/dev/zero', fifo, folder, missing, path.join(dir, 'loop-a'), '/', '/proc/self/mem'];
  const codeFolder = path.join(dir, 'code');
  mkdirSync(codeFolder);
  writeFileSync(path.join(codeFolder, 'config.ts'), '/** Reads the config file. */\nexport function readConfig(file: string) {\n  return parse(file);\n}\n');
  writeFileSync(path.join(codeFolder, 'util.py'), 'def join_paths(a, b):\n    """Join two paths."""\n    return a + "/" + b\n');
  return { dir, paths: [corpus, labelled, gpt2, bert, ...specials], modelDirs: [gpt2, bert], codeFolder };
}

/** One command line: the command, its positionals, 0–5 options with drawn values, maybe a mistake. */
function makeCase(rng: Rng, fx: Fixtures, index: number): string[] {
  const command = COMMANDS[rng.int(COMMANDS.length)];
  const spec = command.spec;
  const argv = [spec.name];
  for (let p = 0; p < spec.positionals.length; p++) {
    const r = rng.next();
    if (r < 0.05) continue; // missing
    if (r < 0.65 && !CORPUS_COMMANDS.has(spec.name)) argv.push(fx.modelDirs[rng.int(fx.modelDirs.length)]);
    else argv.push(r < 0.8 ? fx.paths[rng.int(fx.paths.length)] : anyString(rng, fx));
  }
  // search: half the time an encoder (or - for BM25) on a folder with code, so cases get past "no units".
  if (spec.name === 'search' && rng.next() < 0.5) argv.splice(1, argv.length - 1, rng.next() < 0.3 ? '-' : fx.modelDirs[1], fx.codeFolder);
  // pairs: half the time the folder with code, so cases get past "no pairs".
  if (spec.name === 'pairs' && rng.next() < 0.5) argv.splice(1, argv.length - 1, fx.codeFolder);
  // download: half the time a repo id the fake Hub has (or nearly), so cases get past the id check.
  if (spec.name === 'download' && rng.next() < 0.5) argv.splice(1, argv.length - 1, [...HUB_REPOS, 'nobody/nothing', 'gpt2/', 'a/b/c'][rng.int(HUB_REPOS.length + 3)]);
  if (rng.next() < 0.03) argv.push(anyString(rng, fx)); // one positional too many
  const keys = Object.keys(spec.options).filter((k) => k !== 'debug');
  const given = new Set<string>();
  const count = rng.int(6);
  for (let i = 0; i < count; i++) {
    const key = keys[rng.int(keys.length)];
    if (given.has(key) && rng.next() < 0.9) continue; // now and then, a repeated flag
    given.add(key);
    argv.push(...optionTokens(rng, fx, key, spec.options[key]));
  }
  const mistake = rng.next();
  if (mistake < 0.04) argv.push(`--${['bogus', 'lr-rate', 'step', 'out-dir', 'x'][rng.int(5)]}`, '1');
  else if (mistake < 0.07) argv.push(flagOf(keys[rng.int(keys.length)])); // a value may be missing
  else if (mistake < 0.08) argv.push('--');
  // Every training case stays tiny: what the case did not set itself is set small.
  // A compare case is one whole comparison: its budget is --steps 1 unless the case set one (so that
  // a --minutes of its own is refused, never run), and one row unless the case drew --rows itself.
  if (TRAINING_COMMANDS.has(spec.name)) {
    for (const [key, value] of Object.entries(TINY_TRAINING)) if (key in spec.options && !given.has(key)) argv.push(flagOf(key), value);
    if ('out' in spec.options && !given.has('out')) argv.push('--out', path.join(fx.dir, 'out', String(index)));
    if (spec.name === 'finetune' && !given.has('task')) argv.push('--task', rng.next() < 0.5 ? 'classify' : 'lm');
    if (spec.name === 'finetune' && !given.has('data') && !given.has('corpus')) argv.push(rng.next() < 0.5 ? '--data' : '--corpus', fx.paths[rng.int(2)]);
    // Mostly the labelled file, so that cases get past the request checks into the job itself.
    if (spec.name === 'compare' && !given.has('data')) argv.push('--data', fx.paths[rng.next() < 0.85 ? 1 : 0]);
    if (spec.name === 'compare' && !given.has('rows')) argv.push('--rows', KNOWN_ROWS[rng.int(KNOWN_ROWS.length)].id);
    if (CORPUS_COMMANDS.has(spec.name) && !given.has('vocabSize')) argv.push('--vocab-size', '300');
  }
  if (spec.name === 'eval' && !given.has('batches')) argv.push('--batches', '1');
  // search: its index in the fixtures' folder, never the user's cache; a query unless the case drew one.
  if (spec.name === 'search' && !given.has('indexDir')) argv.push('--index-dir', path.join(fx.dir, 'index', String(index)));
  if (spec.name === 'search' && !given.has('query') && !given.has('queryFile')) argv.push('--query', 'read the config file');
  if (spec.name === 'generate' && !given.has('maxNewTokens')) argv.push('--max-new-tokens', '4');
  return argv;
}

function optionTokens(rng: Rng, fx: Fixtures, key: string, option: OptionSpec): string[] {
  const flag = flagOf(key);
  if (option.type === 'bool') {
    const r = rng.next();
    return r < 0.7 ? [flag] : r < 0.85 ? [`--no-${flag.slice(2)}`] : [`${flag}=${['true', 'false', 'maybe', ''][rng.int(4)]}`];
  }
  const value = option.type === 'enum' ? enumValue(rng, option.values) : option.type === 'string' ? stringValue(rng, fx, key) : numberValue(rng, option.type, COST.has(key), DURATION.has(key));
  if (rng.next() < 0.2) return [`${flag}=${value}`];
  return [flag, value];
}

function enumValue(rng: Rng, values: readonly string[]): string {
  return rng.next() < 0.8 ? values[rng.int(values.length)] : ['', 'GPT2', 'none', '--json', values.join(',')][rng.int(5)];
}

function numberValue(rng: Rng, type: 'int' | 'float', costly: boolean, duration: boolean): string {
  const invalid = ['NaN', 'Infinity', '-Infinity', '0x10', '1e999', '', 'abc', '1,5', '--1', '1e', '١٢'];
  const extreme = ['1e15', '9007199254740993', '2147483648', '-2147483649', '-1e15', '1e308', '5e-324'];
  const small = ['0', '1', '2', '-1', '-0', '0.5', '1e-3', '3', '0.1', '1.5', '+2', '.5', '2e0'];
  const r = rng.next();
  if (r < 0.25) return invalid[rng.int(invalid.length)];
  // Costly options get huge values only where they must be refused (negative, or past the memory estimate).
  if (r < 0.45) return duration ? ['-1e15', '-2147483649', '-5'][rng.int(3)] : costly ? ['-1e15', '1e15', '2147483648', '-5'][rng.int(4)] : extreme[rng.int(extreme.length)];
  const value = small[rng.int(small.length)];
  return type === 'int' && rng.next() < 0.7 ? value.replace(/\.\d+|e-3/, '') || '1' : value;
}

/** compare's --rows and --seeds: lists that are valid but small (one row, at most two seeds), or refused. */
const COMPARE_LISTS: Record<string, string[]> = {
  rows: ['none', 'bert-mlm', 'bert-mlm,bert-mlm', ',', 'bert', 'gpt2-clm,', 't5-span', 'BERT-MLM', 'none,nothing'],
  seeds: ['1', '2', '0,7', '0', '101', '1,1', '-1', '1.5', ',', '4294967296', '1,,2', 'three'],
};

function stringValue(rng: Rng, fx: Fixtures, key: string): string {
  const r = rng.next();
  if (key in COMPARE_LISTS && r < 0.6) return COMPARE_LISTS[key][rng.int(COMPARE_LISTS[key].length)];
  if (['out', 'data', 'valData', 'corpus'].includes(key) && r < 0.7) return r < 0.15 ? path.join(fx.dir, 'out', `s${rng.int(1e6)}`) : fx.paths[rng.int(fx.paths.length)];
  return anyString(rng, fx);
}

function anyString(rng: Rng, fx: Fixtures): string {
  const choices = [
    () => '',
    () => ' ',
    () => 'ROMEO:',
    () => 'The [MASK] is here.',
    () => '[MASK]',
    () => '-',
    () => '--',
    () => 'x'.repeat(7000), // long, under the 8 KB another helper's ORT fix is about
    () => 'é€😀\u0001\u202e'.repeat(50), // argv cannot carry NUL
    () => '%s%n${HOME}$(id)`id`',
    () => '../../../../etc/passwd',
    () => 'label=word,other=thing',
    () => '={text}',
    () => fx.paths[rng.int(fx.paths.length)],
  ];
  return choices[rng.int(choices.length)]();
}

/** Cases run in `cwd` (the fixtures' folder): a relative --out such as "ROMEO:" lands there, not in the repository. */
async function runAll(cases: string[][], parallel: number, cwd: string): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i], cwd);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

let caseCounter = 0;

/**
 * Runs one case in its own process group, marked by an environment variable that its job
 * processes inherit (they run in process groups of their own), so that whatever it leaves
 * behind can be found and ended.
 */
function runCase(argv: string[], cwd: string): Promise<CaseResult> {
  const started = Date.now();
  const marker = `PL_CLI_FUZZ_CASE=${process.pid}-${caseCounter++}`;
  const child = spawn(process.execPath, [CLI, ...argv], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...withoutNetworkSettings(process.env), ...hubEnv, NO_COLOR: '1', PL_CLI_FUZZ_CASE: marker.split('=')[1] } });
  let stderr = '';
  child.stdout!.resume();
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => {
    killGroup(child.pid!);
    for (const pid of marked(marker)) killPid(pid);
  }, CASE_LIMIT_MS);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const survivors = marked(marker);
      killGroup(child.pid!);
      for (const pid of survivors) killPid(pid);
      resolve({ argv, code, signal, ms: Date.now() - started, stderr, survivors });
    });
  });
}

/** The environment without proxies, a Hub token or another Hub endpoint: download cases talk to the fake Hub only. */
function withoutNetworkSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^(https?_proxy|all_proxy|no_proxy|hf_token|hf_endpoint)$/i.test(k)));
}

/** Live processes carrying the case's marker: the CLI's job processes, should any outlive it. */
function marked(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // exited, not yet reaped
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // the group is already empty
  }
}
