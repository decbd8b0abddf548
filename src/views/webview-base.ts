// The one way Pretrain Lab creates webview panels, so every panel gets the same
// protections: scripts only from media/ with a fresh nonce per load, no remote
// content (webview-html.ts), no command URIs, and every incoming message and
// restored state validated before a handler sees it. Panels restore after a
// reload through a serializer registered here.
import * as vscode from 'vscode';
import type { PanelProtocol } from './protocol/validate';
import { makeNonce, renderWebviewHtml } from './webview-html';

export interface PanelKind<In, State> extends PanelProtocol<In, State> {
  title: string;
  /** Paths under media/ of the panel's bundled script and its styles. */
  script: string;
  styles: readonly string[];
}

/** A panel's title and media, by the naming every panel follows: its bundle is dist/<name>.js
 *  and its own stylesheet <name>/style.css, loaded after the shared `styles` it also uses. */
export function panelMedia(name: string, title: string, styles: readonly string[] = []): Pick<PanelKind<unknown, unknown>, 'title' | 'script' | 'styles'> {
  return { title, script: `dist/${name}.js`, styles: [...styles, `${name}/style.css`] };
}

function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media');
}

/** Sets options and HTML: for new panels and for panels VS Code restores. */
function load<In, State>(webview: vscode.Webview, extensionUri: vscode.Uri, kind: PanelKind<In, State>): void {
  const media = mediaRoot(extensionUri);
  webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
  const asUri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(media, file)).toString();
  webview.html = renderWebviewHtml({
    title: kind.title,
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: asUri(kind.script),
    styleUris: ['base.css', ...kind.styles].map(asUri),
  });
}

export function createPanel<In, State>(
  extensionUri: vscode.Uri,
  kind: PanelKind<In, State>,
  column: vscode.ViewColumn = vscode.ViewColumn.Active,
): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(kind.viewType, kind.title, column, {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [mediaRoot(extensionUri)],
  });
  panel.iconPath = vscode.Uri.joinPath(mediaRoot(extensionUri), 'icon.svg');
  load(panel.webview, extensionUri, kind);
  return panel;
}

/** Hands validated messages to `handle`. A malformed message is logged and
 *  dropped: a webview must not be able to crash or confuse the extension. */
export function receiveMessages<In, State>(
  webview: vscode.Webview,
  kind: PanelKind<In, State>,
  log: vscode.LogOutputChannel,
  handle: (message: In) => unknown,
): vscode.Disposable {
  return webview.onDidReceiveMessage((raw: unknown) => {
    let message: In;
    try {
      message = kind.parseMessage(raw);
    } catch (e) {
      log.warn(`${kind.viewType}: rejected a message from the webview: ${(e as Error).message}`);
      return;
    }
    Promise.resolve()
      .then(() => handle(message))
      .catch((e: unknown) => log.error(`${kind.viewType}: ${(e as Error)?.stack ?? String(e)}`));
  });
}

/** Restores panels of this kind after a reload. `revive` may return false when
 *  the state no longer makes sense (say, the model is gone); the panel is closed. */
export function registerPanelSerializer<In, State>(
  extensionUri: vscode.Uri,
  kind: PanelKind<In, State>,
  log: vscode.LogOutputChannel,
  revive: (panel: vscode.WebviewPanel, state: State) => Promise<boolean>,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(kind.viewType, {
    async deserializeWebviewPanel(panel, raw: unknown) {
      let state: State;
      try {
        state = kind.parseState(raw);
      } catch (e) {
        log.warn(`${kind.viewType}: not restoring a panel with unusable state: ${(e as Error).message}`);
        panel.dispose();
        return;
      }
      load(panel.webview, extensionUri, kind);
      if (!(await revive(panel, state))) panel.dispose();
    },
  });
}

/** What a panel's host needs of the extension to open and restore it. */
export interface PanelHost {
  context: { extensionUri: vscode.Uri };
  log: vscode.LogOutputChannel;
}

/**
 * The one open panel of a kind: `open` shows it (making it on first use), and panels VS Code
 * restores after a reload replace it.
 */
export class PanelSlot<In, State, P extends SlotPanel<In, State>> {
  private held: P | undefined;

  constructor(readonly kind: PanelKind<In, State>) {}

  get current(): P | undefined {
    return this.held;
  }

  /** The open panel, or a new one that `make` builds around a new webview panel of this kind. */
  open(host: PanelHost, make: (panel: vscode.WebviewPanel) => P): P {
    this.held ??= make(createPanel(host.context.extensionUri, this.kind));
    return this.held;
  }

  /** Shows new content: the open panel, re-targeted by `retarget` and brought to the front, or
   *  (none open) a new one that `make` builds around it. */
  show(host: PanelHost, retarget: (open: P) => void, make: (panel: vscode.WebviewPanel) => P): void {
    if (!this.held) {
      this.open(host, make);
      return;
    }
    retarget(this.held);
    this.held.reveal();
  }

  /** Restores panels of this kind after a reload. `revive` builds the panel around the restored
   *  webview panel, or returns undefined when the state no longer makes sense (then it is closed);
   *  the open panel, if any, is closed for it. */
  registerSerializer(host: PanelHost, revive: (panel: vscode.WebviewPanel, state: State) => Promise<P | undefined>): vscode.Disposable {
    return registerPanelSerializer(host.context.extensionUri, this.kind, host.log, async (panel, state) => {
      const revived = await revive(panel, state);
      if (!revived) return false;
      this.held?.dispose();
      this.held = revived;
      return true;
    });
  }

  /** registerSerializer for a panel that shows one thing: `restore` finds it again from the saved
   *  state (undefined when it is gone: the panel closes) and `make` builds the panel around it. */
  registerRestorer<C>(
    host: PanelHost,
    restore: (state: State) => Promise<C | undefined>,
    make: (panel: vscode.WebviewPanel, content: C, state: State) => P,
  ): vscode.Disposable {
    return this.registerSerializer(host, async (panel, state) => {
      const content = await restore(state);
      return content === undefined ? undefined : make(panel, content, state);
    });
  }

  /** Forgets `panel` when it is the one held (it is closing). */
  release(panel: P): void {
    if (this.held === panel) this.held = undefined;
  }
}

/**
 * A panel held in a PanelSlot: it is handed the webview's validated messages, and when it
 * closes (by the user, or by dispose()) it leaves the slot, ends what it listened to and
 * closes its webview.
 */
export abstract class SlotPanel<In, State> implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];

  protected constructor(
    private readonly slot: PanelSlot<In, State, SlotPanel<In, State>>,
    protected readonly panel: vscode.WebviewPanel,
    log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [receiveMessages(panel.webview, slot.kind, log, (message) => this.handle(message)), panel.onDidDispose(() => this.dispose())];
  }

  protected abstract handle(message: In): unknown;

  /** Ends `subscriptions` when the panel closes. */
  protected listen(...subscriptions: vscode.Disposable[]): void {
    this.subscriptions.push(...subscriptions);
  }

  /** Brings the panel to the front. */
  reveal(): void {
    this.panel.reveal();
  }

  /** Called as the panel closes, before its subscriptions end. */
  protected closing(): void {}

  dispose(): void {
    this.slot.release(this);
    this.closing();
    for (const d of this.subscriptions) d.dispose();
    this.panel.dispose();
  }
}
