/** Public surface of the runtime: ORT sessions, provider choice, tensors in and out. */
export { RuntimeSession, type SessionConfig, type Feeds, type Results } from './session';
export {
  DEVICE_REQUESTS,
  CUDA_PROVIDER_LIBRARIES,
  cudaUnavailableReason,
  webGpuUnavailableReason,
  openWithFallback,
  type DeviceRequest,
  type Provider,
  type ProviderChoice,
} from './execution-provider';
export { loadOrt, ortNativeDir, type Ort } from './ort';
