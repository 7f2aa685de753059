/** @module Header lists as they cross the interface. */

/**
 * One header field: `[name, value]`. Names are lowercase. Values are byte strings: each UTF-16 code unit is one
 * byte (Latin-1), exactly as the bytes went over the wire, never decoded as UTF-8 (spec: HTTP-HEADERS-BYTES).
 */
export type HeaderField = readonly [name: string, value: string];

/** An ordered header list; order and duplicates are preserved (spec: HTTP-HEADERS-ORDER). */
export type HeaderList = ReadonlyArray<HeaderField>;
