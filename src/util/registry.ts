/**
 * Entries looked up by name (an op type, say), added table by table; a later entry replaces an
 * earlier one of its name. Its methods are bound, so that a layer can hand them out as its own
 * register / look-up / list functions (`export const { add: registerOps, … } = new Registry()`).
 */
export class Registry<T> {
  private readonly entries = new Map<string, T>();

  readonly add = (table: Record<string, T>): void => {
    for (const [name, entry] of Object.entries(table)) this.entries.set(name, entry);
  };

  readonly get = (name: string): T | undefined => this.entries.get(name);

  /** Every name with an entry, sorted. */
  readonly names = (): string[] => [...this.entries.keys()].sort();
}
