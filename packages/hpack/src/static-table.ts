/** @module The static table (RFC 7541 §2.3.1, Appendix A) and the encoder's lookups into it. */

/** The 61 static entries, `STATIC_TABLE[i - 1]` being index `i` (RFC 7541 Appendix A). */
export const STATIC_TABLE: ReadonlyArray<readonly [name: string, value: string]> = [
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''],
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''],
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''],
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''],
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''],
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''],
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''],
  ['www-authenticate', ''],
];

/** Number of static entries; dynamic indices start right after (RFC 7541 §2.3.3). */
export const STATIC_TABLE_LENGTH = 61;

const byName = new Map<string, number>();
/** name -> value -> index: two lookups of strings that carry their hash, instead of building a key per field. */
const byPair = new Map<string, Map<string, number>>();
STATIC_TABLE.forEach(([name, value], i) => {
  // Keep the lowest index for a name, as the RFC 7541 Appendix C examples do (e.g. :status is 8).
  if (!byName.has(name)) byName.set(name, i + 1);
  let values = byPair.get(name);
  if (values === undefined) byPair.set(name, (values = new Map()));
  values.set(value, i + 1);
});

/** Static index of the first entry named `name`, or 0. */
export function staticNameIndex(name: string): number {
  return byName.get(name) ?? 0;
}

/** Static index of the entry `name: value`, or 0. */
export function staticPairIndex(name: string, value: string): number {
  return byPair.get(name)?.get(value) ?? 0;
}
