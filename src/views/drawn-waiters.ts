// Callers waiting for a panel's page to report what it drew (the dashboard's charts and tiles,
// the comparison's final table): showing a panel resolves with the next report, or with
// undefined when the panel closes or turns to other content before drawing it.
export class DrawnWaiters<Drawn> {
  private pending: ((drawn: Drawn | undefined) => void)[] = [];

  /** The page's next report of what it drew. */
  next(): Promise<Drawn | undefined> {
    return new Promise((resolve) => this.pending.push(resolve));
  }

  /** Settles every wait so far with `drawn` (undefined: it will not be drawn for them). */
  settle(drawn: Drawn | undefined): void {
    for (const resolve of this.pending.splice(0)) resolve(drawn);
  }
}
