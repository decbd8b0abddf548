/** Token strings by id and ids by token string; ids are dense from 0. */
export class Vocab {
  private readonly idByToken = new Map<string, number>();
  private readonly tokenById: string[] = [];

  static fromTokens(tokens: Iterable<string>): Vocab {
    const vocab = new Vocab();
    for (const token of tokens) vocab.add(token);
    return vocab;
  }

  /** From an HF `{token: id}` object; ids need not be dense (added tokens may fill the gaps). */
  static fromObject(object: Record<string, number>): Vocab {
    const vocab = new Vocab();
    // for…in, not Object.entries: no [token, id] array per entry of a large vocabulary.
    for (const token in object) vocab.set(token, object[token]);
    return vocab;
  }

  get size(): number {
    return this.tokenById.length;
  }

  /** Id of `token`, adding it at the end when new. */
  add(token: string): number {
    const existing = this.idByToken.get(token);
    if (existing !== undefined) return existing;
    this.set(token, this.tokenById.length);
    return this.tokenById.length - 1;
  }

  set(token: string, id: number): void {
    if (!Number.isInteger(id) || id < 0) throw new Error(`tokenizer vocabulary: bad id ${id} for ${JSON.stringify(token)}`);
    this.idByToken.set(token, id);
    this.tokenById[id] = token;
  }

  id(token: string): number | undefined {
    return this.idByToken.get(token);
  }

  token(id: number): string | undefined {
    return this.tokenById[id];
  }

  has(token: string): boolean {
    return this.idByToken.has(token);
  }

  /** Every token string, in id order. */
  *tokens(): IterableIterator<string> {
    for (const token of this.tokenById) if (token !== undefined) yield token;
  }

  toObject(): Record<string, number> {
    const object: Record<string, number> = {};
    this.tokenById.forEach((token, id) => {
      if (token !== undefined) object[token] = id;
    });
    return object;
  }
}
