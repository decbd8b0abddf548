// End-to-end UI test: the packaged VSIX installed into code-server with
// `--install-extension`, driven through headless Chromium like a user would.
// Screenshots go to test-results/. Needs scripts/setup-vscode-test.sh and
// `npm run package` first; scripts/test-vscode.sh runs it all.
import * as assert from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, workbenchUrl } from './browser';
import { CodeServer, installExtension, makeDirs, startCodeServer } from './code-server';
import { copyFixtureWorkspace } from './workspace';
import { packagedVsix, runCommand, screenshot } from './ui-helpers';

// A "does not hang" bound for each wait, not a speed check: a window reload on a loaded 2-core machine took 29 s once.
const UI_TIMEOUT_MS = 60_000;

/** Opens a workspace file through Quick Open, as a user would. */
async function openWorkspaceFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

describe('Pretrain Lab in code-server (packaged VSIX)', function () {
  this.timeout(180_000);
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  let workspace: string;

  before(async () => {
    const vsix = await packagedVsix();
    const dirs = await makeDirs();
    workspace = await copyFixtureWorkspace(dirs.root);
    await installExtension(dirs, vsix);
    server = await startCodeServer(dirs);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(workbenchUrl(server.url, workspace));
    await page.locator('.monaco-workbench .part.statusbar').waitFor();
    // The palette lists the extension's commands only once its contributions are
    // registered; its activity-bar icon appears at the same moment.
    await page.locator('.activitybar .action-item a[aria-label^="Pretrain Lab"]').waitFor();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (server && !process.env.PRETRAIN_LAB_E2E_KEEP) await fs.rm(server.dirs.root, { recursive: true, force: true });
  });

  it('Select Execution Provider from the command palette writes the setting', async () => {
    await runCommand(page, 'Pretrain Lab: Select Execution Provider');
    const cpu = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Works everywhere' });
    await cpu.waitFor();
    await screenshot(page, 'execution-provider-pick');
    await cpu.click();
    await page.locator('.statusbar-item', { hasText: '· cpu' }).waitFor();
    // The setting is machine-overridable (it is about the machine ORT runs on), so
    // in code-server's remote window a user-level write lands in the server
    // machine's settings, not in the browser user's.
    const settings = await fs.readFile(path.join(server.dirs.userData, 'Machine', 'settings.json'), 'utf8');
    assert.strictEqual(JSON.parse(settings)['pretrainLab.executionProvider'], 'cpu');
  });

  it('the Models view lists the workspace models with their sizes', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Pretrain Lab"]').click();
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Models' }) });
    await tree.locator('.monaco-list-row', { hasText: 'tiny-gpt2' }).waitFor();
    await assert.doesNotReject(tree.locator('.monaco-list-row', { hasText: 'bert · 2 layers · 2 heads · width 64' }).waitFor());
    await assert.doesNotReject(tree.locator('.monaco-list-row', { hasText: 'model_type "llama" is not supported' }).waitFor());
    // The bundled defaults, with how their training ended.
    await assert.doesNotReject(tree.locator('.monaco-list-row', { hasText: /tiny-shakespeare-gpt2.*loss \d\.\d\d/ }).waitFor());
    await assert.doesNotReject(tree.locator('.monaco-list-row', { hasText: 'tiny-shakespeare-bert' }).waitFor());
    await screenshot(page, 'models-view');
  });

  it('clicking a model opens its details panel, whose button selects it', async () => {
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Models' }) });
    await tree.locator('.monaco-list-row', { hasText: 'tiny-gpt2' }).click();
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('h1', { hasText: 'tiny-gpt2' }).waitFor();
    assert.strictEqual(await webview.locator('.fact', { hasText: 'Layers' }).locator('.fact-value').textContent(), '4');
    await webview.locator('button', { hasText: 'Use This Model' }).click();
    await webview.locator('button', { hasText: 'Selected' }).waitFor();
    await page.locator('.statusbar-item', { hasText: 'tiny-gpt2 · cpu' }).waitFor();
    await screenshot(page, 'model-details');
  });

  it('the details panel is restored after the window reloads', async () => {
    // Reload through VS Code, not the browser, so the workbench saves its editor
    // state (with the panel's setState) on the way down as a real reload does.
    const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('h1', { hasText: 'tiny-gpt2' }).waitFor();
    await webview.locator('button', { hasText: 'Selected' }).waitFor();
    await screenshot(page, 'model-details-restored');
  });

  it('Show Attention for Selection draws the selected text\'s tokens in the explorer', async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Pretrain Lab: Select Model…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'story-gpt2' }).click();
    await page.locator('.statusbar-item', { hasText: 'story-gpt2 · cpu' }).waitFor();
    await openWorkspaceFile(page, 'story.txt');
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+A');
    await runCommand(page, 'Pretrain Lab: Show Attention for Selection');
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('h1', { hasText: 'Attention · story-gpt2' }).waitFor();
    const keys = webview.locator('.matrix-keys .token');
    await keys.first().waitFor();
    const labels = await keys.allTextContents();
    for (const word of ['the', 'sat', 'dog', 'and']) assert.ok(labels.includes(word), `no "${word}" among the key labels ${JSON.stringify(labels)}`);
    assert.strictEqual(await webview.locator('.thumb').count(), 2 * 4, 'the model view shows 2 layers × 4 heads');
    await webview.locator('.matrix-canvas').hover({ position: { x: 40, y: 60 } });
    await webview.locator('.readout', { hasText: '→' }).waitFor();
    await screenshot(page, 'attention-explorer');
  });

  it('the attention explorer\'s head view and model view respond to the mouse', async () => {
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('.thumb[aria-label="Layer 1 head 2"]').click();
    await webview.locator('h2', { hasText: 'Layer 1 · head 2' }).waitFor();
    await webview.locator('button', { hasText: 'Head view' }).click();
    const left = webview.locator('.head-tokens.left .token');
    await left.first().waitFor();
    await left.filter({ hasText: /^dog$/ }).first().hover();
    await webview.locator('.head-tokens.left .token.lit').waitFor();
    await screenshot(page, 'attention-head-view');
  });

  it('the prompt playground streams a continuation from the selected model', async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Pretrain Lab: Open Prompt Playground');
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('h1', { hasText: 'Prompt Playground' }).waitFor();
    await webview.locator('select', { hasText: 'story-gpt2' }).waitFor();
    await webview.locator('textarea.prompt').fill('the cat sat on');
    await webview.locator('button', { hasText: 'Generate' }).click();
    await webview.locator('.status', { hasText: 'tokens/s' }).waitFor();
    const generated = await webview.locator('.generated').textContent();
    assert.ok(generated && generated.length > 0, 'no generated text');
    await screenshot(page, 'prompt-playground');
  });

  it('the prompt playground classifies a text with the bundled BERT via template + verbalizer', async () => {
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('select').selectOption({ label: 'tiny-shakespeare-bert (bert)' });
    await webview.locator('.pl-segmented button', { hasText: 'Classification' }).click();
    await webview.locator('.pl-badge', { hasText: 'masked-LM prompt' }).waitFor();
    const template = webview.locator('.template-field input');
    assert.strictEqual(await template.inputValue(), '{text} All in all, it was [MASK].');
    // The webview checks the fields as they are typed and holds the button back.
    const verbalizer = webview.locator('.verbalizer-field input');
    await verbalizer.fill('positive=great');
    await webview.locator('.field-problem', { hasText: 'at least two labels' }).waitFor();
    assert.ok(await webview.locator('#go').isDisabled(), 'Classify stays enabled with one label');
    await verbalizer.fill('positive=great,negative=terrible');
    await webview.locator('textarea.prompt').fill('the king is dead and the queen weeps');
    await webview.locator('#go').click();
    const rows = webview.locator('.label-scores tr');
    await rows.first().waitFor();
    assert.deepStrictEqual((await webview.locator('.label-scores .label-cell').allTextContents()).sort(), ['negative', 'positive']);
    assert.strictEqual(await webview.locator('.label-scores .winner').count(), 1);
    await webview.locator('.status', { hasText: /masked-LM prompt · \d+ ms/ }).waitFor();
    await screenshot(page, 'prompt-classify');
  });

  it('Pretrain Model on Workspace from the palette: the Quick preset trains and the dashboard chart updates', async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Pretrain Lab: Pretrain Model on Workspace…');
    const quick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Quick:' });
    await quick.waitFor();
    await screenshot(page, 'pretrain-wizard');
    await quick.click();
    // The name box proposes a free folder name; accept it.
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'Name of the new model folder' }).waitFor();
    assert.strictEqual(await input.inputValue(), 'workspace-gpt2');
    await input.press('Enter');

    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('h1', { hasText: 'workspace-gpt2' }).waitFor();
    const step = webview.locator('.stat[data-stat="step"] .stat-value');
    const stepNumber = async () => Number((await step.textContent())?.split(' / ')[0].replace(/\D/g, '') ?? 0);
    const chart = webview.locator('.loss-chart canvas');
    await chart.waitFor();
    const waitForStep = async (n: number) => {
      const deadline = Date.now() + 120_000;
      while ((await stepNumber()) < n) {
        if (Date.now() > deadline) throw new Error(`the dashboard never reached step ${n}`);
        await page.waitForTimeout(250);
      }
    };
    await waitForStep(10);
    const before = await chart.screenshot();
    await waitForStep(80);
    assert.notDeepStrictEqual(await chart.screenshot(), before, 'the loss chart did not change between step 10 and step 80');
    await page.locator('.statusbar-item', { hasText: 'workspace-gpt2 · step' }).waitFor();
    await screenshot(page, 'training-dashboard');

    await webview.locator('button', { hasText: 'Stop' }).click();
    await webview.locator('.pl-badge', { hasText: 'Stopped' }).waitFor({ timeout: 60_000 });
    await webview.locator('button', { hasText: 'Open in Prompt Playground' }).waitFor();
    await screenshot(page, 'training-dashboard-stopped');
  });

  it('Finetune Model… from the palette: a classifier on labelled JSONL, with accuracy in the dashboard and the new model listed', async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Pretrain Lab: Finetune Model…');
    const row = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text });
    await row('tiny-shakespeare-bert').click();
    await row('Classification from labelled data').click();
    await row('A .jsonl or .csv file').click();
    // code-server's open dialog is VS Code's simple file dialog: a path typed into a quick input.
    // It fills in the workspace folder and lists it asynchronously; typing before it has would
    // be overwritten, so wait for its listing first, then for the typed path's.
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget', { hasText: 'Train on This' }).waitFor();
    await row('labelled').waitFor();
    await input.fill(path.join(workspace, 'labelled', 'moods.jsonl'));
    await row('moods.jsonl').waitFor();
    await input.press('Enter');
    const quick = row('Quick:');
    await quick.waitFor();
    await screenshot(page, 'finetune-wizard');
    await quick.click();
    await page.locator('.quick-input-widget', { hasText: 'Name of the new model folder' }).waitFor();
    assert.strictEqual(await input.inputValue(), 'tiny-shakespeare-bert-moods');
    await input.press('Enter');

    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('h1', { hasText: 'tiny-shakespeare-bert-moods' }).waitFor();
    await webview.locator('.pl-badge', { hasText: 'Completed' }).waitFor({ timeout: 120_000 });
    await webview.locator('.stat[data-stat="accuracy"] .stat-sub', { hasText: 'macro-F1' }).waitFor();
    await screenshot(page, 'finetune-dashboard');

    await runCommand(page, 'Focus on Models View');
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Models' }) });
    await tree.locator('.monaco-list-row', { hasText: 'tiny-shakespeare-bert-moods' }).waitFor();
  });

  it('Show Corpus Summary lists languages and every skip with its reason', async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Pretrain Lab: Show Corpus Summary');
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('h2', { hasText: 'Corpus' }).waitFor();
    await webview.locator('td', { hasText: 'plaintext' }).first().waitFor();
    await webview.locator('summary', { hasText: 'Every skip' }).click();
    await webview.locator('td', { hasText: 'matches an exclude pattern' }).first().waitFor();
    await screenshot(page, 'corpus-summary');
  });
});
