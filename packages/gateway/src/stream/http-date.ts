/** @module The `date` header value (RFC 9110 §6.6.1), formatted at most once per second. */

let cachedSecond = -1;
let cachedValue = '';

/** The current IMF-fixdate, e.g. `Sun, 22 Nov 2026 20:07:01 GMT`. */
export function httpDate(now: number = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedValue = new Date(second * 1000).toUTCString();
  }
  return cachedValue;
}
