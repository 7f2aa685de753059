/**
 * @module The `date` header value (RFC 9110 §6.6.1), formatted at most once per second. The cached value is
 * dropped by an unref'd timer at the next second boundary (as node:http does) rather than checked against
 * `Date.now()` per response: the clock read was ~6% of an in-process request (scope, stream, hello app). A late
 * timer (a blocked event loop) leaves the value late by as much; §6.6.1 asks only for the best approximation.
 */

/** The current second's value; `''` once that second is over (or before the first response). */
let cachedValue = '';

function expire(): void {
  cachedValue = '';
}

/** The current IMF-fixdate, e.g. `Sun, 22 Nov 2026 20:07:01 GMT`; with `now`, the one for that time instead. */
export function httpDate(now?: number): string {
  if (now !== undefined) return new Date(now - (now % 1000)).toUTCString();
  if (cachedValue === '') {
    const time = Date.now();
    const ms = time % 1000;
    cachedValue = new Date(time - ms).toUTCString();
    setTimeout(expire, 1000 - ms).unref();
  }
  return cachedValue;
}
