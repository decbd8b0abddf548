import { endianness } from 'node:os';

/**
 * safetensors stores little-endian numbers and our typed arrays are views in host byte order,
 * so a big-endian host would silently read garbage. Node's supported platforms are all
 * little-endian; this turns the assumption into an explicit failure rather than wrong weights.
 */
export function assertLittleEndianHost(): void {
  if (endianness() !== 'LE') {
    throw new Error('Pretrain Lab reads and writes model weights only on little-endian machines');
  }
}
