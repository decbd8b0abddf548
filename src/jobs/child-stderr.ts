/**
 * A job process's stderr, passed on line by line to ours (ORT warnings, Node's own messages stay
 * visible as they were with a worker thread), minus what we explain better ourselves: V8's
 * out-of-memory dump (GC trace, native stack), which the host turns into one plain sentence.
 * The last lines are kept so that a process that dies can say why.
 */
import type { Readable } from 'node:stream';

const KEEP_LINES = 40;
/** V8's heap-limit report starts with the GC trace, then "FATAL ERROR: … JavaScript heap out of memory". */
const V8_FATAL_START = /^<--- Last few GCs --->|^FATAL ERROR:/;
const V8_OUT_OF_MEMORY = /JavaScript heap out of memory/;
/** How Node prints an uncaught error: "Error: message", "TypeError [ERR_X]: message", … */
const ERROR_LINE = /^(?:[A-Z]\w*)?Error\b.*\S/;

export class ChildStderr {
  private readonly lines: string[] = [];
  private partial = '';
  /** V8 began its fatal-error dump: from here on nothing is passed on. */
  private fatal = false;
  private heapExhausted = false;
  /** Blank lines held back: V8's dump starts with one, which must not leak out alone. */
  private blanks = 0;

  constructor(stream: Readable, private readonly forward: NodeJS.WritableStream | undefined) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.take(chunk));
    stream.on('end', () => this.flush());
  }

  /** V8 reported that the JavaScript heap hit its limit. */
  get outOfMemory(): boolean {
    return this.heapExhausted;
  }

  /** The last error line the process printed (an uncaught error, a module that cannot load). */
  get lastError(): string | undefined {
    return [...this.lines].reverse().find((l) => ERROR_LINE.test(l))?.trim();
  }

  private take(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop()!;
    for (const line of parts) this.line(line);
  }

  private flush(): void {
    if (this.partial) this.line(this.partial);
    this.partial = '';
  }

  private line(line: string): void {
    this.lines.push(line);
    if (this.lines.length > KEEP_LINES) this.lines.shift();
    this.fatal ||= V8_FATAL_START.test(line);
    this.heapExhausted ||= V8_OUT_OF_MEMORY.test(line);
    if (this.fatal) return;
    if (line.trim() === '') {
      this.blanks++;
      return;
    }
    this.forward?.write('\n'.repeat(this.blanks) + line + '\n');
    this.blanks = 0;
  }
}
