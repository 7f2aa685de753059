/** @module Unit tests of the suite's own machinery: skip validation and the independent response parser. */
import { describe, expect, it } from 'vitest';
import { ALL_CASES, ResponseParser, skipFor, validateSkips } from '@tsgi/conformance';

function parse(raw: string, method = 'GET', eof = false) {
  const parser = new ResponseParser(method);
  const rest = parser.feed(Buffer.from(raw, 'latin1'));
  if (eof) parser.eof();
  return { parser, rest };
}

describe('suite machinery', () => {
  it('a skip without a reason, or naming nothing, is rejected', () => {
    expect(() => validateSkips([{ cases: ['x'], reason: ' ' }])).toThrow(/no reason/);
    expect(() => validateSkips([{ reason: 'because' }])).toThrow(/names no case/);
    expect(() => validateSkips([{ ids: ['HTTP-RESP-DATE'], reason: 'no date header by design' }])).not.toThrow();
  });

  it('skips match by case name or by cited id', () => {
    const c = ALL_CASES.find((k) => k.ids.includes('HTTP-RESP-DATE'))!;
    expect(skipFor(c, [{ ids: ['HTTP-RESP-DATE'], reason: 'r' }])).toBeDefined();
    expect(skipFor(c, [{ cases: [c.name], reason: 'r' }])).toBeDefined();
    expect(skipFor(c, [{ ids: ['SERVER-CONTINUE'], reason: 'r' }])).toBeUndefined();
  });

  it('parser: content-length body, leftover bytes belong to the next response', () => {
    const { parser, rest } = parse('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1');
    expect(parser.result()).toMatchObject({ status: 200, framing: 'length', complete: true });
    expect(Buffer.from(parser.result().body).toString()).toBe('abc');
    expect(rest?.toString()).toBe('HTTP/1.1');
  });

  it('parser: chunked body with trailers; truncation at EOF is reported, not hidden', () => {
    const { parser } = parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n');
    expect(parser.result()).toMatchObject({ framing: 'chunked', complete: true, trailers: [['x-t', '1']] });
    const cut = parse('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', 'GET', true).parser.result();
    expect(cut).toMatchObject({ complete: false, framing: 'length' });
    const closeDelimited = parse('HTTP/1.0 200 OK\r\n\r\nabc', 'GET', true).parser.result();
    expect(closeDelimited).toMatchObject({ complete: true, framing: 'close' });
  });

  it('parser: 204, 304 and HEAD responses end at the head', () => {
    for (const [raw, method] of [['HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n', 'GET'],
      ['HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n', 'GET'], ['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', 'HEAD']]) {
      const { parser, rest } = parse(raw!, method);
      expect(parser.done).toBe(true);
      expect(rest?.length).toBe(0);
    }
  });
});
