import { describe, expect, it } from 'vitest';
import { decodePath, splitTarget } from '../src/stream/target.js';

describe('splitTarget (spec HTTP-SCOPE-PATH, -RAWPATH, -QUERY)', () => {
  it('splits origin-form into path and query, keeping the query raw', () => {
    expect(splitTarget('/a/b?x=%20y&z', '')).toEqual({ path: '/a/b', rawPath: '/a/b', queryString: 'x=%20y&z' });
  });
  it('gives an empty query string when there is none, and keeps a bare "?" as empty', () => {
    expect(splitTarget('/a', '').queryString).toBe('');
    expect(splitTarget('/a?', '').queryString).toBe('');
  });
  it('percent-decodes the path as UTF-8, %2F included, while rawPath keeps the bytes', () => {
    expect(splitTarget('/caf%C3%A9%2Fx', '')).toEqual({ path: '/café/x', rawPath: '/caf%C3%A9%2Fx', queryString: '' });
  });
  it('takes the path of an absolute-form target (RFC 9112 §3.2.2)', () => {
    expect(splitTarget('http://example.com:8080/p/q?s', '')).toEqual({ path: '/p/q', rawPath: '/p/q', queryString: 's' });
    expect(splitTarget('http://example.com?s', '')).toEqual({ path: '/', rawPath: '/', queryString: 's' });
  });
  it('keeps the asterisk-form as "*"', () => {
    expect(splitTarget('*', '').path).toBe('*');
  });
});

describe('rootPath (spec HTTP-SCOPE-PATH-ROOT)', () => {
  it('leaves a path that already starts with rootPath alone', () => {
    expect(splitTarget('/api/users', '/api').path).toBe('/api/users');
    expect(splitTarget('/api', '/api').path).toBe('/api');
  });
  it('puts the prefix back when a proxy stripped it', () => {
    expect(splitTarget('/users?x', '/api')).toEqual({ path: '/api/users', rawPath: '/api/users', queryString: 'x' });
  });
  it('matches rootPath only at a segment boundary', () => {
    expect(splitTarget('/apiary', '/api').path).toBe('/api/apiary');
  });
});

describe('decodePath', () => {
  it('keeps invalid escapes literally', () => {
    expect(decodePath('/a%zz%4')).toBe('/a%zz%4');
    expect(decodePath('/%')).toBe('/%');
  });
  it('replaces invalid UTF-8 with U+FFFD', () => {
    expect(decodePath('/%FF%C3')).toBe('/\uFFFD\uFFFD');
  });
  it('returns an ASCII path without escapes unchanged (same string)', () => {
    const raw = '/plain/path.txt';
    expect(decodePath(raw)).toBe(raw);
  });
});
