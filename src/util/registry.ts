/** Entries looked up by name (an op type, say), added table by table; a later entry replaces an earlier one of its name. */
export class Registry<T> {
  private readonly entries = new Map<string, T>();

  add(table: Record<string, T>): void {
    for (const [name, entry] of Object.entries(table)) this.entries.set(name, entry);
  }

  get(name: string): T | undefined {
    return this.entries.get(name);
  }

  /** Every name with an entry, sorted. */
  names(): string[] {
    return [...this.entries.keys()].sort();
  }
}
