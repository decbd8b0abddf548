/**
 * Decoding labelled-data files strictly, so that a bad byte is reported where it is instead of
 * becoming a U+FFFD inside a training example: UTF-8 only, one leading BOM allowed (editors and
 * spreadsheet exports write one), UTF-16 recognised and refused with advice, a BOM anywhere
 * else (two files glued together) and invalid UTF-8 (mixed encodings) named by line.
 */
import { InputError } from '../util/errors';

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text without its leading BOM; an InputError naming the first bad line otherwise. */
export function decodeUtf8Strict(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError(`${file}: is UTF-16 encoded; save it as UTF-8`);
  }
  const start = UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
  let text: string;
  try {
    text = decoder.decode(bytes.subarray(start));
  } catch {
    throw new InputError(`${file} line ${firstInvalidLine(bytes, start)}: is not valid UTF-8 (mixed encodings?); save the file as UTF-8`);
  }
  const bom = text.indexOf('\ufeff');
  if (bom >= 0) throw new InputError(`${file} line ${lineAt(text, bom)}: has a byte-order mark inside the file (files joined together?); remove it`);
  return text;
}

/** 1-based line of the first line whose bytes do not decode. */
function firstInvalidLine(bytes: Uint8Array, start: number): number {
  let line = 1;
  let lineStart = start;
  for (let i = start; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(lineStart, i));
      } catch {
        return line;
      }
      line++;
      lineStart = i + 1;
    }
  }
  return line;
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
