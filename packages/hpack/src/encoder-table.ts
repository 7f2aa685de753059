/** @module The encoder's dynamic table: the table plus Maps from name and from name+value to the newest entry. */
import { DynamicTable } from './dynamic-table.js';

/**
 * A {@link DynamicTable} that can find its newest entry with a given name, or name and value, in O(1). The Maps
 * hold absolute ids; an entry is dropped from them when it is evicted, unless a newer entry has taken its key.
 */
export class EncoderTable extends DynamicTable {
  readonly #byName = new Map<string, number>();
  /**
   * name -> the newest entry's value and id; a Map of value -> id once a second value is seen under the name. No
   * key string is built per lookup (it was the encoder's largest self time), and a name with one value costs no
   * Map of its own (three were ~0.5 KiB of every idle HTTP/2 connection).
   */
  readonly #byPair = new Map<string, Pairs>();

  /** 1-based dynamic index (1 = newest) of the newest entry `name: value`, or 0. */
  pairIndex(name: string, value: string): number {
    const pairs = this.#byPair.get(name);
    if (pairs === undefined) return 0;
    const id = pairs.more === null ? (pairs.value === value ? pairs.id : undefined) : pairs.more.get(value);
    return id === undefined ? 0 : this.indexOfId(id);
  }

  /** 1-based dynamic index (1 = newest) of the newest entry named `name`, or 0. */
  nameIndex(name: string): number {
    const id = this.#byName.get(name);
    return id === undefined ? 0 : this.indexOfId(id);
  }

  protected override added(name: string, value: string, id: number): void {
    this.#byName.set(name, id);
    const pairs = this.#byPair.get(name);
    if (pairs === undefined) {
      this.#byPair.set(name, { value, id, more: null });
    } else if (pairs.more === null && pairs.value === value) {
      pairs.id = id;
    } else {
      (pairs.more ??= new Map([[pairs.value, pairs.id]])).set(value, id);
    }
  }

  protected override evicted(name: string, value: string, id: number): void {
    if (this.#byName.get(name) === id) this.#byName.delete(name);
    const pairs = this.#byPair.get(name);
    if (pairs === undefined) return;
    if (pairs.more === null) {
      if (pairs.value === value && pairs.id === id) this.#byPair.delete(name);
    } else if (pairs.more.get(value) === id) {
      pairs.more.delete(value);
      if (pairs.more.size === 0) this.#byPair.delete(name);
    }
  }
}

/** The entries under one name: the newest value's id while there is one value, then `more` holds every value's. */
interface Pairs {
  value: string;
  id: number;
  more: Map<string, number> | null;
}
