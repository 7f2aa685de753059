/** @module The encoder's dynamic table: the table plus Maps from name and from name+value to the newest entry. */
import { DynamicTable } from './dynamic-table.js';

/**
 * A {@link DynamicTable} that can find its newest entry with a given name, or name and value, in O(1). The Maps
 * hold absolute ids; an entry is dropped from them when it is evicted, unless a newer entry has taken its key.
 */
export class EncoderTable extends DynamicTable {
  readonly #byName = new Map<string, number>();
  /** name -> value -> id: no key string is built per lookup (it was the encoder's largest self time). */
  readonly #byPair = new Map<string, Map<string, number>>();

  /** 1-based dynamic index (1 = newest) of the newest entry `name: value`, or 0. */
  pairIndex(name: string, value: string): number {
    const id = this.#byPair.get(name)?.get(value);
    return id === undefined ? 0 : this.indexOfId(id);
  }

  /** 1-based dynamic index (1 = newest) of the newest entry named `name`, or 0. */
  nameIndex(name: string): number {
    const id = this.#byName.get(name);
    return id === undefined ? 0 : this.indexOfId(id);
  }

  protected override added(name: string, value: string, id: number): void {
    this.#byName.set(name, id);
    let values = this.#byPair.get(name);
    if (values === undefined) this.#byPair.set(name, (values = new Map()));
    values.set(value, id);
  }

  protected override evicted(name: string, value: string, id: number): void {
    if (this.#byName.get(name) === id) this.#byName.delete(name);
    const values = this.#byPair.get(name);
    if (values !== undefined && values.get(value) === id) {
      values.delete(value);
      if (values.size === 0) this.#byPair.delete(name);
    }
  }
}
