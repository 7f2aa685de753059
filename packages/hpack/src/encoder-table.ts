/** @module The encoder's dynamic table: the table plus Maps from name and from name+value to the newest entry. */
import { DynamicTable } from './dynamic-table.js';
import { pairKey } from './static-table.js';

/**
 * A {@link DynamicTable} that can find its newest entry with a given name, or name and value, in O(1). The Maps
 * hold absolute ids; an entry is dropped from them when it is evicted, unless a newer entry has taken its key.
 */
export class EncoderTable extends DynamicTable {
  readonly #byName = new Map<string, number>();
  readonly #byPair = new Map<string, number>();

  /** 1-based dynamic index (1 = newest) of the newest entry `name: value`, or 0. */
  pairIndex(name: string, value: string): number {
    const id = this.#byPair.get(pairKey(name, value));
    return id === undefined ? 0 : this.indexOfId(id);
  }

  /** 1-based dynamic index (1 = newest) of the newest entry named `name`, or 0. */
  nameIndex(name: string): number {
    const id = this.#byName.get(name);
    return id === undefined ? 0 : this.indexOfId(id);
  }

  protected override added(name: string, value: string, id: number): void {
    this.#byName.set(name, id);
    this.#byPair.set(pairKey(name, value), id);
  }

  protected override evicted(name: string, value: string, id: number): void {
    if (this.#byName.get(name) === id) this.#byName.delete(name);
    const key = pairKey(name, value);
    if (this.#byPair.get(key) === id) this.#byPair.delete(key);
  }
}
