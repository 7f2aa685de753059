/** @module Reading request header fields from a TSGI header list. */
import type { HeaderList } from '@tsgi/spec';

/**
 * The value of the request field `name` (lowercase), or `undefined` when absent. Repeated fields are joined with
 * `", "`, which is how a list-based field is combined (RFC 9110 §5.2, §5.3); for a singleton field such as
 * `if-modified-since` the joined value is then invalid, and the callers ignore it as the RFCs ask.
 */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  let value: string | undefined;
  for (const [field, fieldValue] of headers) {
    if (field === name) value = value === undefined ? fieldValue : `${value}, ${fieldValue}`;
  }
  return value;
}

/**
 * Splits a list-based field value at its commas, trimming optional whitespace and dropping empty elements
 * (RFC 9110 §5.6.1). Use it only for fields whose elements contain no quoted commas.
 */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((element) => element.trim())
    .filter((element) => element !== '');
}
