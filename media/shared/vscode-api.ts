// The one handle a webview has on VS Code, typed by the panel's own protocol.
// `acquireVsCodeApi` may be called only once per page: each main.ts calls this once.
export interface VsCodeApi<FromWebview, PanelState> {
  postMessage(message: FromWebview): void;
  setState(state: PanelState): void;
  getState(): PanelState | undefined;
}

declare function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;

export function vscodeApi<FromWebview, PanelState>(): VsCodeApi<FromWebview, PanelState> {
  return acquireVsCodeApi() as VsCodeApi<FromWebview, PanelState>;
}
