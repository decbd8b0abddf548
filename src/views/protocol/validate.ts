// Runtime validation of messages that cross the webview boundary. A webview runs
// content we render but cannot fully trust (a model's config, a workspace's text),
// so every message it posts is checked for type, ranges and sizes before any
// handler sees it. vscode-free, so it is unit-tested without an editor.

/** What a panel's protocol module declares: its view type and the validators of what its
 *  webview sends (messages, and the state it hands back on restore); each throws on anything malformed. */
export interface PanelProtocol<In, State> {
  viewType: string;
  parseMessage(raw: unknown): In;
  parseState(raw: unknown): State;
}

/** A validator returns the value typed on success, or throws ValidationError. */
export type Validator<T> = (value: unknown, path: string) => T;

export class ValidationError extends Error {
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'ValidationError';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function literal<T extends string>(expected: T): Validator<T> {
  return (value, path) => {
    if (value !== expected) throw new ValidationError(path, `expected "${expected}"`);
    return expected;
  };
}

export function string(opts: { maxLength: number; minLength?: number }): Validator<string> {
  return (value, path) => {
    if (typeof value !== 'string') throw new ValidationError(path, `expected a string, got ${describe(value)}`);
    if (value.length > opts.maxLength) throw new ValidationError(path, `longer than ${opts.maxLength} characters`);
    if (value.length < (opts.minLength ?? 0)) throw new ValidationError(path, `shorter than ${opts.minLength} characters`);
    return value;
  };
}

export function number(opts: { min: number; max: number; integer?: boolean }): Validator<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ValidationError(path, `expected a finite number, got ${describe(value)}`);
    }
    if (opts.integer && !Number.isInteger(value)) throw new ValidationError(path, 'expected an integer');
    if (value < opts.min || value > opts.max) throw new ValidationError(path, `outside [${opts.min}, ${opts.max}]`);
    return value;
  };
}

export function boolean(): Validator<boolean> {
  return (value, path) => {
    if (typeof value !== 'boolean') throw new ValidationError(path, `expected true or false, got ${describe(value)}`);
    return value;
  };
}

export function oneOfStrings<T extends string>(allowed: readonly T[]): Validator<T> {
  return (value, path) => {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw new ValidationError(path, `expected one of ${allowed.join(', ')}`);
    }
    return value as T;
  };
}

export function array<T>(item: Validator<T>, opts: { maxLength: number }): Validator<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new ValidationError(path, `expected an array, got ${describe(value)}`);
    if (value.length > opts.maxLength) throw new ValidationError(path, `more than ${opts.maxLength} items`);
    return value.map((v, i) => item(v, `${path}[${i}]`));
  };
}

type Shape = Record<string, Validator<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S]: S[K] extends Validator<infer T> ? T : never };

/** An object with exactly these keys: unknown keys are rejected, not ignored,
 *  so a message that does not match the protocol never half-works. */
export function object<S extends Shape>(shape: S): Validator<FromShape<S>> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ValidationError(path, `expected an object, got ${describe(value)}`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key)) throw new ValidationError(path, `unexpected field "${key}"`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) out[key] = check(record[key], `${path}.${key}`);
    return out as FromShape<S>;
  };
}

/** A union discriminated by its `type` field: one validator per message type. */
export function taggedUnion<M extends { type: string }>(
  variants: { [T in M['type']]: Validator<Extract<M, { type: T }>> },
): Validator<M> {
  return (value, path) => {
    const type = (value as { type?: unknown } | null)?.type;
    if (typeof value !== 'object' || value === null || typeof type !== 'string'
        || !Object.prototype.hasOwnProperty.call(variants, type)) {
      throw new ValidationError(path, `unknown message type ${JSON.stringify(type)?.slice(0, 40)}`);
    }
    return (variants as Record<string, Validator<M>>)[type](value, path);
  };
}

/** Rejects a message whose JSON form is longer than `maxChars` before walking it,
 *  so an oversized payload costs one stringify, not a validator walk. */
export function parseMessage<M>(validator: Validator<M>, value: unknown, maxChars: number): M {
  let size: number;
  try {
    size = JSON.stringify(value)?.length ?? 0;
  } catch {
    throw new ValidationError('message', 'not serialisable');
  }
  if (size > maxChars) throw new ValidationError('message', `longer than ${maxChars} characters as JSON`);
  return validator(value, 'message');
}
