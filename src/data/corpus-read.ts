/**
 * Reading one corpus file, for the scan, the tokenizer's texts and the token cache alike: through
 * util/regular-file.ts (opened without blocking, checked on the descriptor to be a regular file
 * and within the size cap), one file open at a time, and every failure a skip reason with its
 * detail instead of an exception — a workspace changes while it is read.
 */
import { statSync } from 'node:fs';
import { describeFileKind, openRegularFile, readExactly } from '../util/regular-file';
import { formatBytes } from '../util/format';
import { decodeCorpusText } from './corpus-content';
import type { SkipReason } from './corpus-types';

export type CorpusRead<T> = { ok: true; value: T } | { ok: false; reason: SkipReason; detail: string };

export interface SizeCap {
  maxBytes: number;
  /** What raises the cap, for the skip reason (`--max-file-kb`). */
  raiseWith?: string;
}

/** The bytes of a regular file within the cap, or why not. */
export function readCorpusBytes(absolute: string, cap: SizeCap): CorpusRead<Buffer> {
  let file;
  try {
    file = openRegularFile(absolute);
  } catch (error) {
    return whyNotOpened(absolute, error);
  }
  try {
    if (file.size > cap.maxBytes) return { ok: false, reason: 'too-large', detail: describeOverCap(file.size, cap) };
    return { ok: true, value: readExactly(file, absolute, 0, file.size) };
  } catch (error) {
    return { ok: false, reason: 'unreadable', detail: withoutPath(absolute, error) };
  } finally {
    file.close();
  }
}

/** A regular file within the cap, its bytes and its text (UTF-8, or UTF-16 with a byte-order mark), or why not. */
export function readCorpusText(absolute: string, cap: SizeCap): CorpusRead<{ bytes: Buffer; text: string }> {
  const bytes = readCorpusBytes(absolute, cap);
  if (!bytes.ok) return bytes;
  const decoded = decodeCorpusText(bytes.value);
  return decoded.ok ? { ok: true, value: { bytes: bytes.value, text: decoded.text } } : decoded;
}

/** "3.0 MiB, over the 2.0 MiB cap per file; raise it with --max-file-kb" */
export function describeOverCap(size: number, cap: SizeCap): string {
  const raise = cap.raiseWith ? `; raise it with ${cap.raiseWith}` : '';
  return `${formatBytes(size)}, over the ${formatBytes(cap.maxBytes)} cap per file${raise}`;
}

/** The open failed; a stat (which never blocks) tells a vanished file from a FIFO or a device. */
function whyNotOpened(absolute: string, error: unknown): CorpusRead<never> {
  let stats;
  try {
    stats = statSync(absolute, { throwIfNoEntry: false });
  } catch {
    stats = undefined;
  }
  if (!stats) return { ok: false, reason: 'unreadable', detail: 'vanished during the scan' };
  if (!stats.isFile()) return { ok: false, reason: 'special-file', detail: `${describeFileKind(stats)}, not a regular file` };
  return { ok: false, reason: 'unreadable', detail: withoutPath(absolute, error) };
}

/** regular-file.ts's messages start with the path, which a skip already carries. */
function withoutPath(absolute: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith(`${absolute} `) ? message.slice(absolute.length + 1) : message;
}
