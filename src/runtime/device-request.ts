// The execution providers a user may ask for (`--device`, the pretrainLab.executionProvider
// setting), apart from the code that opens them, so that types naming a device (run settings,
// the comparison contract the webview reads) import nothing that needs Node or ONNX Runtime.
export const DEVICE_REQUESTS = ['cpu', 'cuda', 'webgpu', 'auto'] as const;
export type DeviceRequest = (typeof DEVICE_REQUESTS)[number];
