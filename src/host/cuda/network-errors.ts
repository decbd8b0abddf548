// Telling "you are offline" apart from other download failures, so the message can say so
// plainly instead of showing a socket error code. Free of vscode: unit-tested.

/** Error codes Node (undici and libuv) gives when there is no route to the server at all. */
const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  // fetch wraps the socket error: TypeError('fetch failed', { cause }).
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
  }
  return codes;
}

export function isOfflineError(error: unknown): boolean {
  return codesOf(error).some((c) => OFFLINE_CODES.has(c));
}

export function offlineMessage(host: string): string {
  return `Cannot reach ${host}: this machine looks offline (or a firewall or proxy blocks it). ` +
    'The CUDA provider files come from NuGet; connect to the internet and run the command again, ' +
    'or copy libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so (from the ' +
    'Microsoft.ML.OnnxRuntime.Gpu.Linux package of the same ONNX Runtime version) next to the ONNX Runtime binding yourself.';
}
