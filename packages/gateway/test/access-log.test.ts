import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HttpScope } from '@tsgi/spec';
import {
  clfTime,
  escapeLogField,
  formatCombined,
  formatCommon,
  formatJson,
  stdoutAccessLog,
} from '../src/access-log-format.js';
import { logAccess } from '../src/access-log.js';
import { resolveGatewayOptions, type AccessLogEntry } from '../src/options.js';
import { OptionsError } from '../src/errors.js';
import type { GatewayRuntime } from '../src/runtime.js';

const ENTRY: AccessLogEntry = {
  time: new Date(Date.UTC(2000, 9, 10, 13, 55, 36, 250)),
  client: '192.0.2.1:4711',
  clientAddress: '192.0.2.1',
  method: 'GET',
  target: '/apache_pb.gif?x=1',
  httpVersion: '1.1',
  status: 200,
  bytes: 2326,
  durationMs: 12.3456,
  referer: 'http://www.example.com/start.html',
  userAgent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
  host: 'www.example.com',
};

describe('access-log formats', () => {
  it('common: NCSA CLF then the request time in seconds', () => {
    expect(formatCommon(ENTRY)).toBe('192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET /apache_pb.gif?x=1 HTTP/1.1" 200 2326 0.012');
  });
  it('combined: CLF, quoted referer and user agent, then the request time', () => {
    expect(formatCombined(ENTRY)).toBe(
      '192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET /apache_pb.gif?x=1 HTTP/1.1" 200 2326 ' +
        '"http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)" 0.012',
    );
  });
  it('absent values are "-"', () => {
    const e = { ...ENTRY, clientAddress: null, client: '-', referer: null, userAgent: null, bytes: 0, httpVersion: '2' };
    expect(formatCombined(e)).toBe('- - - [10/Oct/2000:13:55:36 +0000] "GET /apache_pb.gif?x=1 HTTP/2" 200 0 "-" "-" 0.012');
  });
  it('json: every field, time as ISO 8601', () => {
    expect(JSON.parse(formatJson(ENTRY))).toEqual({
      time: '2000-10-10T13:55:36.250Z',
      client: '192.0.2.1:4711',
      clientAddress: '192.0.2.1',
      method: 'GET',
      target: '/apache_pb.gif?x=1',
      httpVersion: '1.1',
      status: 200,
      bytes: 2326,
      durationMs: 12.346,
      referer: 'http://www.example.com/start.html',
      userAgent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
      host: 'www.example.com',
    });
  });
  it('CLF time pads every field and is UTC', () => {
    expect(clfTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('02/Jan/2026:03:04:05 +0000');
  });
});

/** Quotes not escaped by a backslash, reading `\\X` pairs left to right as a log parser does. */
function delimitingQuotes(line: string): number {
  let quotes = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') quotes++;
  }
  return quotes;
}

describe('log injection', () => {
  it('escapes quotes, backslashes, control bytes and bytes >= 0x7f as nginx does', () => {
    expect(escapeLogField('plain')).toBe('plain');
    expect(escapeLogField('a"b\\c')).toBe('a\\"b\\\\c');
    expect(escapeLogField('x\r\ny\t\x00\x7f\xff')).toBe('x\\x0D\\x0Ay\\x09\\x00\\x7F\\xFF');
  });
  it('a user agent cannot end its field or forge a second line', () => {
    const forged = 'curl" 200 1 "-" "-" 0.001\n10.0.0.1 - - [01/Jan/2000:00:00:00 +0000] "GET /admin HTTP/1.1" 200 1 "x';
    const line = formatCombined({ ...ENTRY, userAgent: forged, referer: 'r"\\' });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('"r\\"\\\\"');
    expect(line).toContain('"curl\\" 200 1 \\"-\\" \\"-\\" 0.001\\x0A10.0.0.1');
    // Reading escapes left to right, only six quotes delimit fields: request line, referer, user agent.
    expect(delimitingQuotes(line)).toBe(6);
  });
  it('a request target cannot break out of the request line', () => {
    const line = formatCommon({ ...ENTRY, method: 'GET', target: '/x" 200 0\n' });
    expect(line).toBe('192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET /x\\" 200 0\\x0A HTTP/1.1" 200 2326 0.012');
  });
  it('json stays one line and round-trips the bytes', () => {
    const line = formatJson({ ...ENTRY, userAgent: 'a\n"}{' });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line).userAgent).toBe('a\n"}{');
  });
});

describe('accessLog option', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes each line to stdout in one write; true means combined', () => {
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (writes.push(String(chunk)), true));
    resolveGatewayOptions({ accessLog: true }).accessLog!(ENTRY);
    resolveGatewayOptions({ accessLog: 'common' }).accessLog!(ENTRY);
    stdoutAccessLog('json')(ENTRY);
    expect(writes).toEqual([`${formatCombined(ENTRY)}\n`, `${formatCommon(ENTRY)}\n`, `${formatJson(ENTRY)}\n`]);
  });
  it('is off by default and rejects unknown formats', () => {
    expect(resolveGatewayOptions({}).accessLog).toBeNull();
    expect(resolveGatewayOptions({ accessLog: false }).accessLog).toBeNull();
    expect(() => resolveGatewayOptions({ accessLog: 'apache' as 'json' })).toThrow(OptionsError);
  });
});

describe('logAccess', () => {
  it('reads client, method, version and the first referer, user-agent and host from the scope', () => {
    const entries: AccessLogEntry[] = [];
    const runtime = { options: { accessLog: (e: AccessLogEntry) => entries.push(e) } } as unknown as GatewayRuntime;
    const scope = {
      method: 'POST',
      httpVersion: '2',
      client: ['2001:db8::1', 443],
      headers: [['host', 'h.test'], ['user-agent', 'ua'], ['referer', 'r1'], ['referer', 'r2']],
    } as unknown as HttpScope;
    const before = Date.now();
    logAccess(runtime, scope, '/t?q', { status: 201, bytesSent: 7, aborted: false }, performance.now() - 5);
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    expect(e).toMatchObject({
      client: '[2001:db8::1]:443',
      clientAddress: '2001:db8::1',
      method: 'POST',
      target: '/t?q',
      httpVersion: '2',
      status: 201,
      bytes: 7,
      referer: 'r1',
      userAgent: 'ua',
      host: 'h.test',
    });
    expect(e.durationMs).toBeGreaterThanOrEqual(5);
    expect(Math.abs(e.time.getTime() - (before - 5))).toBeLessThan(50);
  });
});
