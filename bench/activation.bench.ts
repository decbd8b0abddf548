/**
 * Extension activation time without VS Code: each sample is a fresh Node process that loads
 * the bundled dist/extension.js against a small fake `vscode` module (the API surface activate
 * touches: registrations, the status bar item, the tree view, the file watcher, settings,
 * events) and times `require` and `activate()`. Median of SAMPLES processes; the process also
 * reports whether onnxruntime-node was loaded (activation must not load it). The real-VS-Code
 * figure comes from test/e2e/suite/activation.test.ts, which prints it; this bench repeats the
 * last one from that suite's kept output (bench/vscode-log.ts).
 * Needs `npm run build` first. Numbers only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BenchResult } from './stats';
import { lastPrintedByVsCodeSuite } from './vscode-log';
import { median, round as roundTo, runWhenMain } from './stats';

const SAMPLES = 9;
const REPO_ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(REPO_ROOT, 'dist', 'extension.js');

/**
 * The child process, as plain JavaScript: run through tsx, the bundle would be transformed on
 * load and the number would measure tsx. The fake answers every registration with a disposable
 * and every query with an empty value, as a fresh window with no settings would.
 */
const CHILD = String.raw`
const Module = require('node:module');
const { performance } = require('node:perf_hooks');
const disposable = () => ({ dispose() {} });
class Disposable {
  constructor(fn) { this.fn = fn; }
  static from(...items) { return new Disposable(() => items.forEach((d) => d.dispose())); }
  dispose() { this.fn?.(); }
}
class EventEmitter {
  listeners = new Set();
  event = (listener) => { this.listeners.add(listener); return new Disposable(() => this.listeners.delete(listener)); };
  fire(value) { for (const l of this.listeners) l(value); }
  dispose() { this.listeners.clear(); }
}
const noEvent = () => disposable();
class Uri {
  constructor(fsPath) { this.fsPath = fsPath; this.path = fsPath; this.scheme = 'file'; }
  static file(p) { return new Uri(p); }
  static joinPath(base, ...parts) { return new Uri(require('node:path').join(base.fsPath, ...parts)); }
  toString() { return 'file://' + this.fsPath; }
}
class TreeItem { constructor(label, collapsibleState) { this.label = label; this.collapsibleState = collapsibleState; } }
class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
class ThemeColor { constructor(id) { this.id = id; } }
class MarkdownString { constructor(value = '') { this.value = value; } appendMarkdown(s) { this.value += s; return this; } appendText(s) { this.value += s; return this; } }
class RelativePattern { constructor(base, pattern) { this.base = base; this.pattern = pattern; } }
const memento = () => { const m = new Map(); return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => void m.set(k, v), keys: () => [...m.keys()] }; };
const configuration = { get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined };
const vscode = {
  Disposable, EventEmitter, Uri, TreeItem, ThemeIcon, ThemeColor, MarkdownString, RelativePattern,
  StatusBarAlignment: { Left: 1, Right: 2 },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  UIKind: { Desktop: 1, Web: 2 },
  env: { uiKind: 1, remoteName: undefined, appName: 'fake' },
  commands: { registerCommand: () => disposable(), executeCommand: async () => undefined },
  window: {
    createOutputChannel: () => ({ ...disposable(), trace() {}, debug() {}, info() {}, warn() {}, error() {}, append() {}, appendLine() {}, show() {} }),
    createStatusBarItem: () => ({ ...disposable(), show() {}, hide() {} }),
    createTreeView: () => ({ ...disposable(), onDidChangeSelection: noEvent, onDidChangeVisibility: noEvent, reveal: async () => undefined }),
    registerTreeDataProvider: () => disposable(),
    registerWebviewPanelSerializer: () => disposable(),
    onDidChangeActiveTextEditor: noEvent,
    activeTextEditor: undefined,
  },
  workspace: {
    workspaceFolders: undefined,
    isTrusted: true,
    onDidGrantWorkspaceTrust: noEvent,
    getConfiguration: () => configuration,
    onDidChangeConfiguration: noEvent,
    onDidChangeWorkspaceFolders: noEvent,
    createFileSystemWatcher: () => ({ ...disposable(), onDidCreate: noEvent, onDidChange: noEvent, onDidDelete: noEvent }),
  },
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const [bundle, storage] = process.argv.slice(1);
const root = require('node:path').dirname(require('node:path').dirname(bundle));
const context = {
  subscriptions: [], extensionPath: root, extensionUri: Uri.file(root), globalStorageUri: Uri.file(storage), storageUri: Uri.file(storage),
  logUri: Uri.file(storage), globalState: memento(), workspaceState: memento(), extensionMode: 1, secrets: {},
};
const t0 = performance.now();
const extension = require(bundle);
const t1 = performance.now();
extension.activate(context);
const t2 = performance.now();
const ortLoaded = Object.keys(require.cache).some((m) => m.includes('onnxruntime'));
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, ortLoaded, registrations: context.subscriptions.length }));
for (const d of context.subscriptions) d.dispose();
`;

interface Sample {
  requireMs: number;
  activateMs: number;
  ortLoaded: boolean;
  registrations: number;
}

function sample(): Sample {
  const storage = path.join(REPO_ROOT, '.cache', 'activation-bench');
  const out = execFileSync(process.execPath, ['-e', CHILD, BUNDLE, storage], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(out) as Sample;
}

const round = (ms: number) => roundTo(ms, 1);

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  sample(); // one unmeasured run warms the file-system cache, as a second VS Code start would be
  const samples = Array.from({ length: SAMPLES }, sample);
  const total = samples.map((s) => s.requireMs + s.activateMs);
  const ort = samples.some((s) => s.ortLoaded) ? 'onnxruntime-node WAS loaded' : 'onnxruntime-node not loaded';
  const note = `fresh node process, fake vscode module; median of ${SAMPLES} (min ${round(Math.min(...total))}, max ${round(Math.max(...total))}); ${samples[0].registrations} registrations; ${ort}`;
  const results: BenchResult[] = [
    { name: 'activation: require + activate()', value: round(median(total)), unit: 'ms', note },
    { name: 'activation: require dist/extension.js', value: round(median(samples.map((s) => s.requireMs))), unit: 'ms' },
    { name: 'activation: activate()', value: round(median(samples.map((s) => s.activateMs))), unit: 'ms' },
  ];
  const vscode = lastPrintedByVsCodeSuite(/activation time: ([\d.]+) ms/g);
  if (vscode) {
    results.push({ name: 'activation in code-server (real VS Code)', value: Number(vscode.match[1]), unit: 'ms', note: `printed by test/e2e/suite/activation.test.ts, read from ${vscode.source}` });
  } else {
    process.stderr.write('activation: no real-VS-Code figure: run bash scripts/test-vscode.sh first\n');
  }
  return results;
}

runWhenMain(module, run);
