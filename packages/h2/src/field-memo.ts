/**
 * @module field-memo
 * {@link FieldMemo}: the fields of one connection that passed the RFC 9113 §8.2 checks lately, so a repeated field
 * is not scanned again.
 */

/** Fields remembered. */
const KEEP = 16;
/** Longer values are not remembered: a miss would cost a long compare. */
const MAX_VALUE = 256;

/**
 * The last {@link KEEP} valid `(name, value)` pairs of one direction of one connection. A peer (or an app) repeats
 * most fields on every message, and HPACK hands back the table's own strings for them, so a lookup is mostly
 * pointer compares, cheaper than scanning every char again; strings are immutable, so a field equal to a valid
 * one is valid. Only pairs the caller has checked go in. Never shared between connections: a hit skips a scan, so
 * its timing would tell one client whether another sent a value.
 */
export class FieldMemo {
  readonly #names: string[] = [];
  readonly #values: string[] = [];
  #next = 0;

  /** Whether `name: value` was added lately. */
  has(name: string, value: string): boolean {
    const names = this.#names;
    for (let i = 0; i < names.length; i++) if (names[i] === name && this.#values[i] === value) return true;
    return false;
  }

  /** Remembers a pair that passed the checks, replacing the oldest one. */
  add(name: string, value: string): void {
    if (value.length > MAX_VALUE) return;
    const i = this.#next;
    this.#names[i] = name;
    this.#values[i] = value;
    this.#next = i + 1 === KEEP ? 0 : i + 1;
  }
}
