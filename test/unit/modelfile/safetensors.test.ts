import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_HEADER_BYTES,
  SafetensorsError,
  Tensor,
  parseSafetensors,
  readSafetensors,
  readSafetensorsHeader,
  serializeSafetensors,
  writeSafetensors,
} from '../../../src/modelfile/safetensors';
import { InputError } from '../../../src/cli/errors';

/** One tensor of every dtype, with values that exercise sign, range and special bit patterns. */
function oneOfEachDtype(): Record<string, Tensor> {
  return {
    f64: { dtype: 'F64', shape: [2, 2], data: new Float64Array([Math.PI, -0, Number.MIN_VALUE, -1e308]) },
    f32: { dtype: 'F32', shape: [3], data: new Float32Array([1.5, -Infinity, 3.4e38]) },
    f16: { dtype: 'F16', shape: [2], data: new Uint16Array([0x3c00, 0xfbff]) },
    bf16: { dtype: 'BF16', shape: [2], data: new Uint16Array([0x3f80, 0x7fc0]) },
    i64: { dtype: 'I64', shape: [2], data: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]) },
    i32: { dtype: 'I32', shape: [1, 2], data: new Int32Array([-2147483648, 7]) },
    i16: { dtype: 'I16', shape: [3], data: new Int16Array([-32768, 0, 32767]) },
    i8: { dtype: 'I8', shape: [2], data: new Int8Array([-128, 127]) },
    u64: { dtype: 'U64', shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
    u32: { dtype: 'U32', shape: [1], data: new Uint32Array([4294967295]) },
    u16: { dtype: 'U16', shape: [1], data: new Uint16Array([65535]) },
    u8: { dtype: 'U8', shape: [3], data: new Uint8Array([0, 128, 255]) },
    bool: { dtype: 'BOOL', shape: [3], data: new Uint8Array([1, 0, 1]) },
    scalar: { dtype: 'F32', shape: [], data: new Float32Array([42]) },
    empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
  };
}

function headerOf(bytes: Buffer): { length: number; json: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> } {
  const length = Number(bytes.readBigUInt64LE(0));
  return { length, json: JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')) };
}

/** Builds a file from a header object and a data section, as a hostile or broken writer might. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), declaredLength?: bigint): Buffer {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(declaredLength ?? BigInt(json.length));
  return Buffer.concat([prefix, json, data]);
}

function assertFileError(fn: () => unknown, file: string, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof SafetensorsError, `expected SafetensorsError, got ${String(error)}`);
    assert.ok(error instanceof InputError, 'bad files are input errors (exit code 2)');
    assert.ok(error.message.startsWith(`${file} is not a valid safetensors file: `), error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

// The bytes that Python `safetensors.numpy.save` (v0.8.0) produced for the tensors below.
const REFERENCE_FILE_BASE64 =
  'iAEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJwdCIsImF1dGhvciI6IngifSwiaWRzIjp7ImR0eXBlIjoiSTY0Iiwic2hhcGUiOlsyXSwiZGF0YV9vZmZzZXRzIjpbMCwxNl19LCJkIjp7ImR0eXBlIjoiRjY0Iiwic2hhcGUiOltdLCJkYXRhX29mZnNldHMiOlsxNiwyNF19LCJ3dGUiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzIsM10sImRhdGFfb2Zmc2V0cyI6WzI0LDQ4XX0sImhhbGYiOnsiZHR5cGUiOiJGMTYiLCJzaGFwZSI6WzNdLCJkYXRhX29mZnNldHMiOls0OCw1NF19LCJiIjp7ImR0eXBlIjoiVTgiLCJzaGFwZSI6WzJdLCJkYXRhX29mZnNldHMiOls1NCw1Nl19LCJtYXNrIjp7ImR0eXBlIjoiQk9PTCIsInNoYXBlIjpbM10sImRhdGFfb2Zmc2V0cyI6WzU2LDU5XX19ICAgICAgIP//////////AAAAAAABAAAAAAAAAAAMQAAAwD8AAADAAABQQAAAAABvEoM6AADgwAA8ALj/ewH/AQAB';

function referenceTensors(): Record<string, Tensor> {
  return {
    wte: { dtype: 'F32', shape: [2, 3], data: new Float32Array([1.5, -2.0, 3.25, 0.0, 1e-3, -7.0]) },
    half: { dtype: 'F16', shape: [3], data: new Uint16Array([0x3c00, 0xb800, 0x7bff]) },
    ids: { dtype: 'I64', shape: [2], data: new BigInt64Array([-1n, 2n ** 40n]) },
    mask: { dtype: 'BOOL', shape: [3], data: new Uint8Array([1, 0, 1]) },
    b: { dtype: 'U8', shape: [2], data: new Uint8Array([1, 255]) },
    d: { dtype: 'F64', shape: [], data: new Float64Array([3.5]) },
  };
}

describe('safetensors', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'st-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('round trip', () => {
    it('returns every dtype bit for bit, with shapes and metadata', async () => {
      const tensors = oneOfEachDtype();
      const path = join(dir, 'model.safetensors');
      await writeSafetensors(path, tensors, { format: 'pt', note: 'ünïcode' });
      const back = await readSafetensors(path);
      assert.deepEqual(back.metadata, { format: 'pt', note: 'ünïcode' });
      assert.deepEqual([...back.tensors.keys()].sort(), Object.keys(tensors).sort());
      for (const [name, tensor] of Object.entries(tensors)) {
        const read = back.tensors.get(name)!;
        assert.equal(read.dtype, tensor.dtype, name);
        assert.deepEqual(read.shape, tensor.shape, name);
        assert.equal(read.data.constructor, tensor.data.constructor, name);
        // Byte comparison: NaN payloads and -0 must survive too.
        assert.deepEqual(
          Buffer.from(read.data.buffer, read.data.byteOffset, read.data.byteLength),
          Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength),
          name,
        );
      }
    });

    it('writes the same bytes as the reference Python implementation', () => {
      const ours = serializeSafetensors(referenceTensors(), { format: 'pt', author: 'x' });
      assert.deepEqual(ours, Buffer.from(REFERENCE_FILE_BASE64, 'base64'));
    });

    it('reads a file written by the reference implementation', () => {
      const parsed = parseSafetensors(Buffer.from(REFERENCE_FILE_BASE64, 'base64'), 'reference.safetensors');
      assert.deepEqual(parsed.metadata, { format: 'pt', author: 'x' });
      const expected = referenceTensors();
      assert.deepEqual([...parsed.tensors.keys()], ['ids', 'd', 'wte', 'half', 'b', 'mask'], 'file order');
      for (const [name, tensor] of parsed.tensors) assert.deepEqual(tensor, expected[name], name);
    });

    it('lays out a padded header and contiguous, aligned, widest-first offsets', () => {
      const bytes = serializeSafetensors(oneOfEachDtype());
      const { length, json } = headerOf(bytes);
      assert.equal(length % 8, 0, 'header length is a multiple of 8');
      assert.match(bytes.subarray(8, 8 + length).toString(), /} *$/, 'padding is spaces');
      const entries = Object.entries(json).sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
      let end = 0;
      let previousWidth = Infinity;
      const widths: Record<string, number> = { F64: 8, I64: 8, U64: 8, F32: 4, I32: 4, U32: 4, F16: 2, BF16: 2, I16: 2, U16: 2, I8: 1, U8: 1, BOOL: 1 };
      for (const [name, info] of entries) {
        assert.equal(info.data_offsets[0], end, `${name} starts where the previous tensor ended`);
        const width = widths[info.dtype];
        assert.equal((8 + length + info.data_offsets[0]) % width, 0, `${name} is aligned in the file`);
        assert.ok(width <= previousWidth, `${name} comes after wider dtypes`);
        previousWidth = width;
        end = info.data_offsets[1];
      }
      assert.equal(8 + length + end, bytes.length, 'the data section ends at the end of the file');
    });

    it('orders tensors the same way whatever order they are given in', () => {
      const tensors = oneOfEachDtype();
      const reversed = Object.fromEntries(Object.entries(tensors).reverse());
      assert.deepEqual(serializeSafetensors(reversed), serializeSafetensors(tensors));
    });

    it('makes views into the file buffer when aligned and copies when not', () => {
      const bytes = serializeSafetensors({ w: { dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) } });
      const aligned = parseSafetensors(bytes, 'aligned').tensors.get('w')!;
      assert.equal(aligned.data.buffer, bytes.buffer, 'aligned tensor shares the file buffer');

      const shifted = new Uint8Array(bytes.length + 1);
      shifted.set(bytes, 1);
      const unaligned = parseSafetensors(shifted.subarray(1), 'unaligned').tensors.get('w')!;
      assert.notEqual(unaligned.data.buffer, shifted.buffer);
      assert.deepEqual([...unaligned.data], [1, 2]);
    });

    it('widens F16 and BF16 to Float32Array on request', () => {
      const bytes = serializeSafetensors({
        h: { dtype: 'F16', shape: [4], data: new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7c00]) },
        b: { dtype: 'BF16', shape: [2], data: new Uint16Array([0x3f80, 0xc0a0]) },
        i: { dtype: 'I32', shape: [1], data: new Int32Array([5]) },
      });
      const { tensors } = parseSafetensors(bytes, 'half', { halfToFloat32: true });
      assert.deepEqual(tensors.get('h'), { dtype: 'F32', shape: [4], data: new Float32Array([1, -2, 2 ** -24, Infinity]) });
      assert.deepEqual(tensors.get('b'), { dtype: 'F32', shape: [2], data: new Float32Array([1, -5]) });
      assert.equal(tensors.get('i')!.dtype, 'I32', 'other dtypes are untouched');
    });

    it('reads only the header when asked', async () => {
      const path = join(dir, 'h.safetensors');
      await writeSafetensors(path, oneOfEachDtype(), { format: 'pt' });
      const header = await readSafetensorsHeader(path);
      assert.equal(header.entries.length, Object.keys(oneOfEachDtype()).length);
      const f32 = header.entries.find((e) => e.name === 'f32')!;
      assert.deepEqual({ dtype: f32.dtype, shape: f32.shape, bytes: f32.end - f32.begin }, { dtype: 'F32', shape: [3], bytes: 12 });
      assert.deepEqual(header.metadata, { format: 'pt' });
    });
  });

  describe('writer checks its callers', () => {
    it('rejects data that does not match the shape or the dtype', () => {
      assert.throws(() => serializeSafetensors({ w: { dtype: 'F32', shape: [3], data: new Float32Array(2) } }), /"w" has shape \[3\] \(3 elements\) but 2 values/);
      assert.throws(() => serializeSafetensors({ w: { dtype: 'F32', shape: [1], data: new Float64Array(1) } as unknown as Tensor }), /"w" is F32 but its data is a Float64Array/);
      assert.throws(() => serializeSafetensors({ w: { dtype: 'BOOL', shape: [1], data: new Uint8Array([2]) } }), /values other than 0 and 1/);
      assert.throws(() => serializeSafetensors({ w: { dtype: 'F32', shape: [-1], data: new Float32Array(0) } }), /invalid shape/);
    });
  });

  describe('rejects broken files with an error naming the file', () => {
    const file = '/models/tiny/model.safetensors';
    const good = () => serializeSafetensors({ a: { dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) }, b: { dtype: 'F32', shape: [1], data: new Float32Array([3]) } });

    it('a file too short for the length field', () => {
      assertFileError(() => parseSafetensors(Buffer.from([1, 2, 3]), file), file, /only 3 bytes long.*truncated/);
    });

    it('a truncated file (header cut)', () => {
      const bytes = good();
      assertFileError(() => parseSafetensors(bytes.subarray(0, 20), file), file, /header length field says \d+ bytes but only 12 bytes follow.*truncated/);
    });

    it('a truncated file (data cut)', () => {
      const bytes = good();
      assertFileError(() => parseSafetensors(bytes.subarray(0, bytes.length - 2), file), file, /ends at byte 12 of the data section but the data section has only 10 bytes.*truncated/);
    });

    it('a truncated file on disk, read by path', async () => {
      const path = join(dir, 'cut.safetensors');
      writeFileSync(path, good().subarray(0, 30));
      await assert.rejects(readSafetensors(path), (error: Error) => error instanceof SafetensorsError && error.message.startsWith(path));
      await assert.rejects(readSafetensorsHeader(path), (error: Error) => error instanceof SafetensorsError && error.message.startsWith(path));
    });

    it('a missing file', async () => {
      const path = join(dir, 'absent.safetensors');
      await assert.rejects(readSafetensors(path), (error: Error) => error instanceof InputError && /absent\.safetensors .*does not exist/.test(error.message));
    });

    it('an absurd header length', () => {
      const huge = rawFile({}, new Uint8Array(0), BigInt(MAX_HEADER_BYTES) + 1n);
      assertFileError(() => parseSafetensors(huge, file), file, /header length field says 100000001 bytes, more than the 100 MB limit/);
      const astronomical = rawFile({}, new Uint8Array(0), 2n ** 64n - 1n);
      assertFileError(() => parseSafetensors(astronomical, file), file, /more than the 100 MB limit/);
    });

    it('a header that is not JSON', () => {
      assertFileError(() => parseSafetensors(rawFile('{"a": {dtype'), file), file, /header is not valid JSON/);
      assertFileError(() => parseSafetensors(rawFile('[1, 2]'), file), file, /does not start with "\{"/);
      assertFileError(() => parseSafetensors(rawFile(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('latin1')), file), file, /not valid (UTF-8|JSON)/);
    });

    it('an unknown dtype', () => {
      const header = { a: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } };
      assertFileError(() => parseSafetensors(rawFile(header, new Uint8Array(1)), file), file, /tensor "a" has dtype "F8_E4M3", which Pretrain Lab cannot read \(supported: F64, F32/);
    });

    it('negative, fractional or non-numeric shapes', () => {
      for (const shape of [[-1], [1.5], ['2'], 3, null]) {
        const header = { a: { dtype: 'U8', shape, data_offsets: [0, 0] } };
        assertFileError(() => parseSafetensors(rawFile(header), file), file, /tensor "a" has shape .*list of non-negative integers/);
      }
    });

    it('malformed offsets', () => {
      for (const offsets of [[0], [0, -4], [0, 'x'], [4, 0]]) {
        const header = { a: { dtype: 'U8', shape: [4], data_offsets: offsets } };
        assertFileError(() => parseSafetensors(rawFile(header, new Uint8Array(4)), file), file, /tensor "a" has data_offsets/);
      }
    });

    it('a byte span that does not match shape × dtype', () => {
      const header = { a: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } };
      assertFileError(() => parseSafetensors(rawFile(header, new Uint8Array(12)), file), file, /shape \[2, 2\] of F32, which needs 16 bytes, but its data_offsets \[0, 12\] span 12 bytes/);
    });

    it('offsets beyond the data section', () => {
      const header = { a: { dtype: 'U8', shape: [4], data_offsets: [0, 4] }, b: { dtype: 'U8', shape: [4], data_offsets: [4, 8] } };
      assertFileError(() => parseSafetensors(rawFile(header, new Uint8Array(6)), file), file, /tensor "b" ends at byte 8 .* only 6 bytes/);
    });

    it('overlapping ranges', () => {
      const header = { a: { dtype: 'U8', shape: [4], data_offsets: [0, 4] }, b: { dtype: 'U8', shape: [4], data_offsets: [2, 6] } };
      assertFileError(() => parseSafetensors(rawFile(header, new Uint8Array(6)), file), file, /tensor "b" \(bytes 2–6\) overlaps tensor "a" \(bytes 0–4\)/);
    });

    it('gaps between tensors, at the start, and at the end', () => {
      const gap = { a: { dtype: 'U8', shape: [2], data_offsets: [0, 2] }, b: { dtype: 'U8', shape: [2], data_offsets: [3, 5] } };
      assertFileError(() => parseSafetensors(rawFile(gap, new Uint8Array(5)), file), file, /1 bytes after tensor "a", before tensor "b", belong to no tensor/);
      const lead = { a: { dtype: 'U8', shape: [2], data_offsets: [1, 3] } };
      assertFileError(() => parseSafetensors(rawFile(lead, new Uint8Array(3)), file), file, /at the start of the data section/);
      const tail = { a: { dtype: 'U8', shape: [2], data_offsets: [0, 2] } };
      assertFileError(() => parseSafetensors(rawFile(tail, new Uint8Array(5)), file), file, /last 3 bytes of the data section belong to no tensor/);
    });

    it('bad metadata', () => {
      assertFileError(() => parseSafetensors(rawFile({ __metadata__: { n: 1 } }), file), file, /"__metadata__" entry "n" is a number, not a string/);
      assertFileError(() => parseSafetensors(rawFile({ __metadata__: [] }), file), file, /not an object of strings/);
    });

    it('accepts the empty file of zero tensors', () => {
      const parsed = parseSafetensors(serializeSafetensors({}), file);
      assert.equal(parsed.tensors.size, 0);
    });
  });

  it('a rewrite replaces the file completely', async () => {
    const path = join(dir, 'w.safetensors');
    await writeSafetensors(path, oneOfEachDtype());
    await writeSafetensors(path, { only: { dtype: 'U8', shape: [1], data: new Uint8Array([9]) } });
    assert.deepEqual([...(await readSafetensors(path)).tensors.keys()], ['only']);
    assert.equal(readFileSync(path).length, 8 + headerOf(readFileSync(path)).length + 1);
  });
});
