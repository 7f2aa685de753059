/** Unit tests of the parsers: HTTP-date, entity-tag lists, route parsing, content types. */
import { describe, expect, it } from 'vitest';
import { contentTypeFor } from '../src/content-type.js';
import { formatHttpDate, parseHttpDate } from '../src/http-date.js';
import { encodePath, parseRoute, stripRawRoot } from '../src/request-path.js';
import { parseEntityTagList, strongMatch, weakMatch } from '../src/validators.js';

describe('HTTP-date', () => {
  const ms = Date.UTC(1994, 10, 6, 8, 49, 37);
  it('parses the three forms of RFC 9110 §5.6.7', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(ms);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(ms);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(ms);
  });
  it('rejects everything else', () => {
    for (const bad of ['', '1', '1994-11-06T08:49:37Z', 'Sun, 6 Nov 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 31 Feb 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 24:00:00 GMT', ' Sun, 06 Nov 1994 08:49:37 GMT']) {
      expect(parseHttpDate(bad), bad).toBeUndefined();
    }
  });
  it('formats an IMF-fixdate, truncated to the second', () => {
    expect(formatHttpDate(ms + 999)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });
});

describe('entity-tags', () => {
  it('parses lists, * and rejects malformed values', () => {
    expect(parseEntityTagList('*')).toBe('*');
    expect(parseEntityTagList(' "a" , W/"b",, "c"')).toEqual([
      { weak: false, opaque: 'a' },
      { weak: true, opaque: 'b' },
      { weak: false, opaque: 'c' },
    ]);
    expect(parseEntityTagList('""')).toEqual([{ weak: false, opaque: '' }]);
    for (const bad of ['a', '"a" "b"', '"a', 'w/"a"', '"a"b', '*, "a"']) expect(parseEntityTagList(bad), bad).toBeUndefined();
  });
  it('compares strongly and weakly (RFC 9110 §8.8.3.2)', () => {
    expect(strongMatch({ weak: false, opaque: '1' }, '"1"')).toBe(true);
    expect(strongMatch({ weak: true, opaque: '1' }, '"1"')).toBe(false);
    expect(strongMatch({ weak: false, opaque: '1' }, 'W/"1"')).toBe(false);
    expect(weakMatch({ weak: true, opaque: '1' }, '"1"')).toBe(true);
    expect(weakMatch({ weak: false, opaque: '1' }, 'W/"1"')).toBe(true);
    expect(weakMatch({ weak: false, opaque: '1' }, '"2"')).toBe(false);
  });
});

describe('route parsing', () => {
  it('strips a raw root path at segment boundaries', () => {
    expect(stripRawRoot('/api/x', '/api')).toBe('/x');
    expect(stripRawRoot('/api', '/api')).toBe('');
    expect(stripRawRoot('/a%2Fb/x', '/a/b')).toBe('/x');
    expect(stripRawRoot('/apix', '/api')).toBeUndefined();
    expect(stripRawRoot('/caf%C3%A9/x', '/café')).toBe('/x');
  });
  it('returns decoded segments and the trailing slash', () => {
    expect(parseRoute('/a/b%20c/', '/a/b c/', '', 'deny')).toEqual({ ok: true, segments: ['a', 'b c'], trailingSlash: true });
    expect(parseRoute('/', '/', '', 'deny')).toEqual({ ok: true, segments: [], trailingSlash: true });
    expect(parseRoute('/m', '/m', '/m', 'deny')).toEqual({ ok: true, segments: [], trailingSlash: false });
  });
  it('encodes locations', () => {
    expect(encodePath('/café dir/a?b#c%/')).toBe('/caf%C3%A9%20dir/a%3Fb%23c%25/');
  });
});

describe('contentTypeFor', () => {
  it('adds utf-8 to text types and a few XML types, falls back to octet-stream', () => {
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.mjs')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.xml')).toBe('application/xml; charset=utf-8');
    expect(contentTypeFor('a.wasm')).toBe('application/wasm');
    expect(contentTypeFor('a.webmanifest')).toBe('application/manifest+json; charset=utf-8');
    expect(contentTypeFor('Makefile')).toBe('application/octet-stream');
  });
});
