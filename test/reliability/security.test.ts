/**
 * Model folders and workspaces are data, never code, and nothing goes to the network:
 *  - the CLI's pretrain and generate run with every network entry point (net, http(s), dns,
 *    fetch) replaced by one that throws and logs, in the main thread and the job worker;
 *  - an ONNX file with an op from a custom domain is refused by the runtime (we never register
 *    custom-op libraries), and nothing in src/ loads a library or module whose path is data;
 *  - config.json fields that name code or files (auto_map, session options, custom-op paths)
 *    are ignored: loading such a folder reads nothing outside it and runs nothing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GraphBuilder, writeOnnx } from '../../src/graph';
import { loadModelFolder } from '../../src/models/model-folder';
import { RuntimeSession } from '../../src/runtime/session';
import { buildCliOnce, ROOT, runCli, tempDir, tinyCorpus, TINY_RUN } from '../integration/cli-helpers';
import { modelFixture } from './fixtures';
import { writeFolder } from './fuzz-harness';

const PRELOAD = path.join(__dirname, 'fixtures-workers', 'no-network.cjs');

function runOffline(args: string[], log: string) {
  const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, PL_NETWORK_LOG: process.env.PL_NETWORK_LOG };
  process.env.NODE_OPTIONS = `--require ${PRELOAD}`;
  process.env.PL_NETWORK_LOG = log;
  try {
    return runCli(args);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('reliability: security', function () {
  this.timeout(60_000);
  before(buildCliOnce);

  it('pretrain and generate make no network access', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'network.log');
    const out = path.join(dir, 'model');
    const trained = await runOffline(['pretrain', tinyCorpus(dir, 5000), '--out', out, ...TINY_RUN, '--steps', '3'], log);
    assert.equal(trained.code, 0, trained.stderr);
    const generated = await runOffline(['generate', out, '--prompt', 'To be', '--max-new-tokens', '5'], log);
    assert.equal(generated.code, 0, generated.stderr);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith('NETWORK')), []);
    // Training runs in a child process of the CLI: the guard must have been loaded there too
    // (it inherits NODE_OPTIONS), not only in the CLI's own process.
    const loads = lines.flatMap((l) => {
      const m = /^loaded in pid (\d+) ppid (\d+) thread (\d+)$/.exec(l);
      return m ? [{ pid: m[1], ppid: m[2] }] : [];
    });
    const inJobProcess = loads.some((child) => loads.some((cli) => cli.pid === child.ppid));
    assert.ok(inJobProcess, `the guard also ran inside the job process:\n${lines.join('\n')}`);
  });

  it('refuses an ONNX model with a custom-domain op (no custom-op library is ever registered)', async () => {
    const b = new GraphBuilder('hostile', 20);
    const x = b.input('x', 'float32', [1]);
    const y = b.graph.newValue('float32', [1], 'y');
    b.graph.nodes.push({ id: b.graph.newNodeId(), op: 'RunShell', domain: 'evil.custom', name: 'n', inputs: [x], outputs: [y], attrs: { cmd: 'touch /tmp/pwned' } });
    b.graph.outputs.push(y);
    await assert.rejects(RuntimeSession.create(writeOnnx(b.graph)), /evil\.custom|RunShell|not a registered function|No opset import/i);
  });

  it('has no code path that loads a module or native library named by data', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      // require/import with anything but a string literal, and ORT's ways of loading native code.
      for (const m of text.matchAll(/\b(require|import)\s*\(\s*([^'"`\s)][^)]*)\)|registerCustomOpsLibrary|customOpsLibrar|process\.dlopen|new Function\(|\beval\(/g)) {
        if (m[2] && /^require\.resolve|^\s*$/.test(m[2])) continue;
        offenders.push(`${path.relative(ROOT, file)}: ${m[0].slice(0, 80)}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('ignores config fields that name code, libraries or files outside the folder', async () => {
    const { files } = await modelFixture();
    const dir = writeFolder(files);
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    const hostile = {
      ...config,
      auto_map: { AutoModel: '../../evil.EvilModel' },
      session_options: { register_custom_ops_library: '/tmp/libevil.so' },
      custom_op_library: '/tmp/libevil.so',
      tokenizer_file: '/etc/passwd',
      _name_or_path: '../../../../etc',
    };
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(hostile));
    const folder = await loadModelFolder(dir);
    assert.equal(folder.config.model_type, 'gpt2');
    // The tokenizer still comes from the folder's own tokenizer.json, not from tokenizer_file.
    assert.equal(folder.tokenizer?.vocabSize, (await loadModelFolder(writeFolder(files))).tokenizer?.vocabSize);
  });
});
