/** @module The dynamic table (RFC 7541 §2.3.2, §4): a FIFO of entries bounded by a size in octets. */

/** Per-entry overhead counted in an entry's size (RFC 7541 §4.1). */
export const ENTRY_OVERHEAD = 32;

/** Size of an entry: its name's and value's lengths in octets plus 32 (RFC 7541 §4.1). */
export function entrySize(name: string, value: string): number {
  return name.length + value.length + ENTRY_OVERHEAD;
}

/** The ring's storage before the first insertion; `#grow` replaces it before anything is written. */
const NO_SLOTS: string[] = [];
/** Slots of the first ring: a connection's usual few entries (more double it). */
const FIRST_CAPACITY = 4;

/**
 * A dynamic table, kept in a ring buffer. Index 1 is the newest entry (RFC 7541 §2.3.3, counted here without the
 * static table's 61). Every insertion also gets an absolute id, 0 for the first one ever, which never changes, so
 * the encoder can remember where an entry is without renumbering on every insertion.
 */
export class DynamicTable {
  // Empty (shared, never written) until the first insertion: a table that never gets an entry, or a connection's
  // few entries in 4 slots, no longer costs two 16-slot arrays (~0.3 KiB of every idle HTTP/2 connection).
  #names: string[] = NO_SLOTS;
  #values: string[] = NO_SLOTS;
  /** Ring slot of the oldest entry. */
  #head = 0;
  #length = 0;
  #size = 0;
  #maxSize: number;
  #inserted = 0;

  constructor(maxSize: number) {
    this.#maxSize = maxSize;
  }

  /** Sum of the entries' sizes (RFC 7541 §4.1). */
  get size(): number {
    return this.#size;
  }

  /** The current maximum size (RFC 7541 §4.2). */
  get maxSize(): number {
    return this.#maxSize;
  }

  /** Number of entries. */
  get length(): number {
    return this.#length;
  }

  /** Absolute id the next inserted entry will get; entries present have ids `[nextId - length, nextId)`. */
  get nextId(): number {
    return this.#inserted;
  }

  /** Name of the entry at 1-based `index` (1 = newest); the caller checks `1 <= index <= length`. */
  nameAt(index: number): string {
    return this.#names[this.#slot(index)]!;
  }

  /** Value of the entry at 1-based `index` (1 = newest); the caller checks `1 <= index <= length`. */
  valueAt(index: number): string {
    return this.#values[this.#slot(index)]!;
  }

  /**
   * 1-based index (1 = newest) of the newest entry named `name` (and valued `value` unless it is `null`), or 0: a
   * scan of the ring, newest first, for tables small enough that it beats keeping an index.
   */
  protected scan(name: string, value: string | null): number {
    const names = this.#names;
    const capacity = names.length;
    let slot = this.#head + this.#length - 1;
    if (slot >= capacity) slot -= capacity;
    for (let index = 1; index <= this.#length; index++) {
      if (names[slot] === name && (value === null || this.#values[slot] === value)) return index;
      slot = slot === 0 ? capacity - 1 : slot - 1;
    }
    return 0;
  }

  /** 1-based index (1 = newest) of the entry with absolute id `id`, or 0 when it has been evicted. */
  indexOfId(id: number): number {
    const index = this.#inserted - id;
    return index >= 1 && index <= this.#length ? index : 0;
  }

  /** The entries, newest first. */
  entries(): Array<[name: string, value: string]> {
    const out: Array<[string, string]> = [];
    for (let i = 1; i <= this.#length; i++) out.push([this.nameAt(i), this.valueAt(i)]);
    return out;
  }

  /**
   * Inserts an entry at index 1 after evicting what it needs room for (RFC 7541 §4.4). An entry larger than the
   * maximum size empties the table and is not inserted.
   */
  add(name: string, value: string): void {
    const size = entrySize(name, value);
    if (size > this.#maxSize) {
      this.#evictDownTo(0);
      return;
    }
    this.#evictDownTo(this.#maxSize - size);
    if (this.#length === this.#names.length) this.#grow();
    const slot = (this.#head + this.#length) % this.#names.length;
    this.#names[slot] = name;
    this.#values[slot] = value;
    this.#length++;
    this.#size += size;
    this.added(name, value, this.#inserted++);
  }

  /** Changes the maximum size, evicting oldest entries until the table fits (RFC 7541 §4.3). */
  setMaxSize(maxSize: number): void {
    this.#maxSize = maxSize;
    this.#evictDownTo(maxSize);
  }

  /** Hook for subclasses: an entry was inserted with absolute id `id`. */
  protected added(_name: string, _value: string, _id: number): void {}

  /** Hook for subclasses: the entry with absolute id `id` was evicted. */
  protected evicted(_name: string, _value: string, _id: number): void {}

  #slot(index: number): number {
    return (this.#head + this.#length - index) % this.#names.length;
  }

  #evictDownTo(limit: number): void {
    while (this.#size > limit) {
      const slot = this.#head;
      const name = this.#names[slot]!;
      const value = this.#values[slot]!;
      this.#names[slot] = '';
      this.#values[slot] = '';
      this.#head = (slot + 1) % this.#names.length;
      this.#length--;
      this.#size -= entrySize(name, value);
      this.evicted(name, value, this.#inserted - this.#length - 1);
    }
  }

  #grow(): void {
    const capacity = Math.max(FIRST_CAPACITY, this.#names.length * 2);
    const names = new Array<string>(capacity);
    const values = new Array<string>(capacity);
    for (let i = 0; i < this.#length; i++) {
      const slot = (this.#head + i) % this.#names.length;
      names[i] = this.#names[slot]!;
      values[i] = this.#values[slot]!;
    }
    this.#names = names;
    this.#values = values;
    this.#head = 0;
  }
}
