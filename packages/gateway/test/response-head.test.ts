import { describe, expect, it } from 'vitest';
import { checkStart, prepareHead } from '../src/stream/response-head.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('checkStart (spec HTTP-START-STATUS, HTTP-START-HEADERS, MSG-INVALID)', () => {
  it('accepts a valid start', () => {
    expect(codeOf(() => checkStart(200, [['content-type', 'text/plain']]))).toBeUndefined();
    expect(codeOf(() => checkStart(599, undefined))).toBeUndefined();
  });
  it.each([[100], [199], [600], [200.5], ['200'], [undefined]])('rejects status %s', (status) => {
    expect(codeOf(() => checkStart(status, []))).toBe('TSGI_INVALID_MESSAGE');
  });
  it.each([
    [[['Content-Type', 'x']]],
    [[['bad name', 'x']]],
    [[['', 'x']]],
    [[['x-a', 'a\r\nb']]],
    [[['x-a', 'a\0']]],
    [[['x-a', 'snow ☃']]],
    [[['x-a']]],
    ['not an array'],
  ])('rejects headers %j', (headers) => {
    expect(codeOf(() => checkStart(200, headers))).toBe('TSGI_INVALID_MESSAGE');
  });
});

describe('prepareHead (spec HTTP-RESP-*)', () => {
  it('removes content-length on 204 and reports the rule (HTTP-RESP-NOBODY)', () => {
    const head = prepareHead(204, [['content-length', '5'], ['x-a', '1']], false);
    expect(head.headers.map(([n]) => n)).toEqual(['x-a', 'date']);
    expect(head.bodyAllowed).toBe(false);
    expect(head.broken).toEqual(['HTTP-RESP-NOBODY']);
  });
  it('keeps content-length on 304 and HEAD but allows no body (HTTP-RESP-304, HTTP-RESP-HEAD)', () => {
    for (const head of [prepareHead(304, [['content-length', '5']], false), prepareHead(200, [['content-length', '5']], true)]) {
      expect(head.headers[0]).toEqual(['content-length', '5']);
      expect(head.bodyAllowed).toBe(false);
      expect(head.broken).toEqual([]);
    }
  });
  it('drops framing and connection headers and honours connection: close (HTTP-RESP-FRAMING)', () => {
    const head = prepareHead(
      200,
      [['transfer-encoding', 'chunked'], ['connection', 'close'], ['keep-alive', 'timeout=5'], ['upgrade', 'h2c']],
      false,
    );
    expect(head.headers.map(([n]) => n)).toEqual(['date']);
    expect(head.close).toBe(true);
    expect(head.broken).toEqual(['HTTP-RESP-FRAMING', 'HTTP-RESP-FRAMING', 'HTTP-RESP-FRAMING']);
  });
  it('records the declared length and rejects a malformed or conflicting one', () => {
    expect(prepareHead(200, [['content-length', '12']], false).declaredLength).toBe(12);
    expect(prepareHead(200, [['content-length', '3'], ['content-length', '3']], false).headers).toHaveLength(2);
    expect(codeOf(() => prepareHead(200, [['content-length', '-1']], false))).toBe('TSGI_INVALID_MESSAGE');
    expect(codeOf(() => prepareHead(200, [['content-length', '1'], ['content-length', '2']], false))).toBe(
      'TSGI_INVALID_MESSAGE',
    );
  });
  it('adds a date header only when the app gave none (HTTP-RESP-DATE)', () => {
    expect(prepareHead(200, [], false).headers[0]![0]).toBe('date');
    expect(prepareHead(200, [['date', 'x']], false).headers).toEqual([['date', 'x']]);
  });
});
