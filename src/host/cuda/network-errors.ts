// The CUDA download's "you are offline" message; telling offline apart is shared with the Hub
// download (src/util/network-errors.ts). Free of vscode: unit-tested.
export { isOfflineError } from '../../util/network-errors';

export function offlineMessage(host: string): string {
  return `Cannot reach ${host}: this machine looks offline (or a firewall or proxy blocks it). ` +
    'The CUDA provider files come from NuGet; connect to the internet and run the command again, ' +
    'or copy libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so (from the ' +
    'Microsoft.ML.OnnxRuntime.Gpu.Linux package of the same ONNX Runtime version) next to the ONNX Runtime binding yourself.';
}
