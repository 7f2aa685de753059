/** @module Content-Type of a file (RFC 9110 §8.3), from the jshttp `mime-types` database (mime-db). */
import mime from 'mime-types';

/** The type sent when the file name gives no known type (RFC 9110 §8.3: a generic binary type). */
export const FALLBACK_TYPE = 'application/octet-stream';

/**
 * Types that mime-db lists without a default charset but that are text a browser decodes: they get
 * `charset=utf-8` too. Types mime-db gives a charset (text/*, application/json, text/javascript, ...) need no entry.
 */
const UTF8_EXTRA = new Set(['application/javascript', 'application/xml', 'image/svg+xml', 'application/xhtml+xml']);

/**
 * The `content-type` value for a file name: the type mime-db gives for its extension, with `; charset=utf-8` when
 * mime-db names a charset for it (text/*, application/json, text/javascript, ...) or it is one of a few XML types,
 * and `application/octet-stream` when the extension is unknown.
 */
export function contentTypeFor(fileName: string): string {
  const type = mime.lookup(fileName);
  if (type === false) return FALLBACK_TYPE;
  const charset = mime.charset(type) || (UTF8_EXTRA.has(type) ? 'utf-8' : false);
  return charset ? `${type}; charset=${charset.toLowerCase()}` : type;
}
