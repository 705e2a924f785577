/**
 * Parsed Git objects by oid. An oid names the same content forever, so an entry never goes
 * stale; the memo only bounds how many it keeps, dropping the least recently used first.
 * Failed loads are not kept: a missing object may arrive with the next fetch.
 */
export class ObjectMemo<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries: number) {}

  get(oid: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(oid);
    if (entry !== undefined) {
      // Re-inserting moves the entry to the young end of the Map's insertion order.
      this.entries.delete(oid);
      this.entries.set(oid, entry);
      return entry;
    }
    entry = load();
    this.entries.set(oid, entry);
    entry.catch(() => {
      if (this.entries.get(oid) === entry) this.entries.delete(oid);
    });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }
}
