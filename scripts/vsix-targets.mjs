// The VSIX targets: one per platform that onnxruntime-node ships a native binary for, with the
// folder of that binary. scripts/package.mjs keeps only the target's folder in its VSIX.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const ORT_BIN = 'node_modules/onnxruntime-node/bin/napi-v6';

/**
 * leaveOut: files of the folder the binding never loads. darwin/arm64's npm package holds the same
 * 44 MB library twice (libonnxruntime.1.30.0.dylib and libonnxruntime.1.dylib, symlinks copied by
 * npm); onnxruntime_binding.node links @rpath/libonnxruntime.1.dylib only.
 */
export const VSIX_TARGETS = {
  'linux-x64': { folder: 'linux/x64', leaveOut: [] },
  'linux-arm64': { folder: 'linux/arm64', leaveOut: [] },
  'darwin-arm64': { folder: 'darwin/arm64', leaveOut: ['libonnxruntime.1.30.0.dylib'] },
  'win32-x64': { folder: 'win32/x64', leaveOut: [] },
  'win32-arm64': { folder: 'win32/arm64', leaveOut: [] },
};

/** The VSIX's file name, the one `vsce package --target` would choose. */
export function vsixName(name, version, target) {
  return `${name}-${version}@${target}.vsix`;
}

/** The ONNX Runtime files (paths from the repository root) that the target's VSIX holds. */
export function runtimeFiles(target) {
  const { folder, leaveOut } = VSIX_TARGETS[target];
  const dir = `${ORT_BIN}/${folder}`;
  return readdirSync(dir)
    .filter((file) => !leaveOut.includes(file))
    .map((file) => path.posix.join(dir, file));
}

/** This machine's target, or undefined where onnxruntime-node has no binary for it. */
export function hostTarget() {
  const target = `${process.platform}-${process.arch}`;
  return target in VSIX_TARGETS ? target : undefined;
}
