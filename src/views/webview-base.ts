// The one way Pretrain Lab creates webview panels, so every panel gets the same
// protections: scripts only from media/ with a fresh nonce per load, no remote
// content (webview-html.ts), no command URIs, and every incoming message and
// restored state validated before a handler sees it. Panels restore after a
// reload through a serializer registered here.
import * as vscode from 'vscode';
import { makeNonce, renderWebviewHtml } from './webview-html';

export interface PanelKind<In, State> {
  viewType: string;
  title: string;
  /** Paths under media/ of the panel's bundled script and its styles. */
  script: string;
  styles: readonly string[];
  /** Validate a message from the webview; throws on anything malformed. */
  parseMessage(raw: unknown): In;
  /** Validate the state the webview saved with setState; throws when unusable. */
  parseState(raw: unknown): State;
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
