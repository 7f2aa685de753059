/** @module The encoder's dynamic table: the table plus (once it is not small) Maps from name and name+value to the newest entry. */
import { DynamicTable } from './dynamic-table.js';

/** Entries up to which lookups scan the table instead of keeping Maps. */
const SMALL_TABLE = 8;

/**
 * A {@link DynamicTable} that can find its newest entry with a given name, or name and value: by a scan while it is
 * small, then in O(1) by Maps. The Maps hold absolute ids; an entry is dropped from them when it is evicted, unless
 * a newer entry has taken its key.
 */
export class EncoderTable extends DynamicTable {
  /**
   * Made once the table holds more than {@link SMALL_TABLE} entries; until then lookups scan the few entries (as
   * fast as a hash for so few, and the two Maps and their entries were ~0.5 KiB of every idle HTTP/2 connection,
   * whose table holds a response's few fields).
   */
  #byName: Map<string, number> | null = null;
  /**
   * name -> the newest entry's value and id; a Map of value -> id once a second value is seen under the name. No
   * key string is built per lookup (it was the encoder's largest self time), and a name with one value costs no
   * Map of its own (three were ~0.5 KiB of every idle HTTP/2 connection).
   */
  #byPair: Map<string, Pairs> | null = null;

  /** 1-based dynamic index (1 = newest) of the newest entry `name: value`, or 0. */
  pairIndex(name: string, value: string): number {
    if (this.#byPair === null) return this.scan(name, value);
    const pairs = this.#byPair.get(name);
    if (pairs === undefined) return 0;
    const id = pairs.more === null ? (pairs.value === value ? pairs.id : undefined) : pairs.more.get(value);
    return id === undefined ? 0 : this.indexOfId(id);
  }

  /** 1-based dynamic index (1 = newest) of the newest entry named `name`, or 0. */
  nameIndex(name: string): number {
    if (this.#byName === null) return this.scan(name, null);
    const id = this.#byName.get(name);
    return id === undefined ? 0 : this.indexOfId(id);
  }

  protected override added(name: string, value: string, id: number): void {
    if (this.#byName !== null) return this.#index(name, value, id);
    if (this.length <= SMALL_TABLE) return;
    // Outgrown the scan: index every entry, oldest first so that the newest of a name or pair wins.
    this.#byName = new Map();
    this.#byPair = new Map();
    const next = this.nextId;
    for (let i = this.length; i >= 1; i--) this.#index(this.nameAt(i), this.valueAt(i), next - i);
  }

  #index(name: string, value: string, id: number): void {
    const byPair = this.#byPair!;
    this.#byName!.set(name, id);
    const pairs = byPair.get(name);
    if (pairs === undefined) {
      byPair.set(name, { value, id, more: null });
    } else if (pairs.more === null && pairs.value === value) {
      pairs.id = id;
    } else {
      (pairs.more ??= new Map([[pairs.value, pairs.id]])).set(value, id);
    }
  }

  protected override evicted(name: string, value: string, id: number): void {
    const byName = this.#byName;
    const byPair = this.#byPair;
    if (byName === null || byPair === null) return; // the scan sees evictions by itself
    if (byName.get(name) === id) byName.delete(name);
    const pairs = byPair.get(name);
    if (pairs === undefined) return;
    if (pairs.more === null) {
      if (pairs.value === value && pairs.id === id) byPair.delete(name);
    } else if (pairs.more.get(value) === id) {
      pairs.more.delete(value);
      if (pairs.more.size === 0) byPair.delete(name);
    }
  }
}

/** The entries under one name: the newest value's id while there is one value, then `more` holds every value's. */
interface Pairs {
  value: string;
  id: number;
  more: Map<string, number> | null;
}
