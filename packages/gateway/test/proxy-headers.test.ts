/**
 * Hostile header combinations against the trusted-proxy walk (spec SERVER-PROXY-TRUST, -CHAIN, -INVALID), through
 * `buildHttpScope` as both servers call it. The connection is cleartext from `peer` with `Host: origin.test`.
 */
import { describe, expect, it } from 'vitest';
import type { HeaderField } from '@tsgi/spec';
import { buildHttpScope, type ServerInfo } from '../src/stream/scope.js';
import { ProxyTrust } from '../src/proxy/trust.js';
import type { ProxyHeaderFamily } from '../src/proxy/resolve.js';

interface Row {
  name: string;
  /** The immediate peer; `null` is a Unix-socket peer. Default 127.0.0.1:5000. */
  peer?: readonly [string, number] | null;
  trusted?: string[];
  family?: ProxyHeaderFamily;
  headers: HeaderField[];
  client: readonly [string, number] | null;
  scheme?: 'http' | 'https';
  host?: string;
}

const PEER = ['127.0.0.1', 5000] as const;
const LOCAL = ['127.0.0.1'];
const CHAIN = ['127.0.0.1', '10.0.0.0/8'];
const long = 'x'.repeat(9000);

const ROWS: Row[] = [
  // -- trust of the immediate peer (SERVER-PROXY-TRUST)
  { name: 'untrusted peer: spoofed XFF ignored', peer: ['203.0.113.9', 1], headers: [['x-forwarded-for', '1.2.3.4']], client: ['203.0.113.9', 1] },
  { name: 'untrusted peer: spoofed proto and host ignored', peer: ['203.0.113.9', 1], headers: [['x-forwarded-proto', 'https'], ['x-forwarded-host', 'evil.test']], client: ['203.0.113.9', 1] },
  { name: 'untrusted peer: spoofed Forwarded ignored', peer: ['203.0.113.9', 1], family: 'forwarded', headers: [['forwarded', 'for=1.2.3.4;proto=https']], client: ['203.0.113.9', 1] },
  { name: 'nothing trusted (empty list)', trusted: [], headers: [['x-forwarded-for', '1.2.3.4']], client: PEER },
  { name: 'Unix peer untrusted without "unix"', peer: null, headers: [['x-forwarded-for', '1.2.3.4']], client: null },
  { name: 'Unix peer trusted with "unix"', peer: null, trusted: ['unix'], headers: [['x-forwarded-for', '1.2.3.4']], client: ['1.2.3.4', 0] },
  { name: 'IPv4-mapped peer matches an IPv4 entry', peer: ['::ffff:127.0.0.1', 7], headers: [['x-forwarded-for', '1.2.3.4']], client: ['1.2.3.4', 0] },
  { name: 'IPv6 peer outside a /128', peer: ['::2', 7], trusted: ['::1/128'], headers: [['x-forwarded-for', '1.2.3.4']], client: ['::2', 7] },
  { name: 'peer at a /8 boundary, outside', peer: ['11.0.0.0', 7], trusted: ['10.0.0.0/8'], headers: [['x-forwarded-for', '1.2.3.4']], client: ['11.0.0.0', 7] },
  { name: 'peer at a /8 boundary, inside', peer: ['10.255.255.255', 7], trusted: ['10.0.0.0/8'], headers: [['x-forwarded-for', '1.2.3.4']], client: ['1.2.3.4', 0] },
  { name: 'trust everything (/0): leftmost of an all-trusted chain', trusted: ['0.0.0.0/0'], headers: [['x-forwarded-for', '1.1.1.1, 2.2.2.2']], client: ['1.1.1.1', 0] },
  { name: 'only the configured family: Forwarded ignored under x-forwarded', headers: [['forwarded', 'for=1.2.3.4']], client: PEER },
  { name: 'only the configured family: XFF ignored under forwarded', family: 'forwarded', headers: [['x-forwarded-for', '1.2.3.4']], client: PEER },
  // -- the walk (SERVER-PROXY-CHAIN)
  { name: 'one proxy: rightmost entry is the client', headers: [['x-forwarded-for', '198.51.100.7']], client: ['198.51.100.7', 0] },
  { name: 'spoofed left entries ignored', headers: [['x-forwarded-for', '6.6.6.6, 7.7.7.7, 198.51.100.7']], client: ['198.51.100.7', 0] },
  { name: 'spoofed trusted-looking left entry not reached', trusted: CHAIN, headers: [['x-forwarded-for', '10.0.0.1, 198.51.100.7']], client: ['198.51.100.7', 0] },
  { name: 'chain of trusted hops walked to the first untrusted', trusted: CHAIN, headers: [['x-forwarded-for', '6.6.6.6, 198.51.100.7, 10.1.1.1, 10.2.2.2']], client: ['198.51.100.7', 0] },
  { name: 'all trusted: leftmost is the client', trusted: CHAIN, headers: [['x-forwarded-for', '10.9.9.9, 10.1.1.1']], client: ['10.9.9.9', 0] },
  { name: 'multiple XFF lines are one list', trusted: CHAIN, headers: [['x-forwarded-for', '6.6.6.6, 198.51.100.7'], ['x-forwarded-for', '10.1.1.1']], client: ['198.51.100.7', 0] },
  { name: 'whitespace and empty elements tolerated', headers: [['x-forwarded-for', ' ,6.6.6.6 ,\t, 198.51.100.7 , ']], client: ['198.51.100.7', 0] },
  { name: 'IPv4 with port', headers: [['x-forwarded-for', '198.51.100.7:4711']], client: ['198.51.100.7', 4711] },
  { name: 'IPv6 without brackets', headers: [['x-forwarded-for', '2001:db8::7']], client: ['2001:db8::7', 0] },
  { name: 'IPv6 in brackets with port', headers: [['x-forwarded-for', '[2001:db8::7]:4711']], client: ['2001:db8::7', 4711] },
  { name: 'IPv6 in brackets without port', headers: [['x-forwarded-for', '[2001:db8::7]']], client: ['2001:db8::7', 0] },
  { name: 'mapped IPv4 entry walked as IPv4 (trusted hop)', trusted: CHAIN, headers: [['x-forwarded-for', '198.51.100.7, ::ffff:10.0.0.1']], client: ['198.51.100.7', 0] },
  { name: 'XFF "unknown" stops: the trusted hop stays the client', trusted: CHAIN, headers: [['x-forwarded-for', '6.6.6.6, unknown, 10.1.1.1']], client: ['10.1.1.1', 0] },
  // -- scheme and host
  { name: 'proto and host of one proxy', headers: [['x-forwarded-for', '198.51.100.7'], ['x-forwarded-proto', 'https'], ['x-forwarded-host', 'www.example.com:8443']], client: ['198.51.100.7', 0], scheme: 'https', host: 'www.example.com:8443' },
  { name: 'proto without XFF: the peer set it', headers: [['x-forwarded-proto', 'HTTPS']], client: PEER, scheme: 'https' },
  { name: 'proto aligned with the client hop when every proxy appended', trusted: CHAIN, headers: [['x-forwarded-for', '198.51.100.7, 10.1.1.1'], ['x-forwarded-proto', 'https, http']], client: ['198.51.100.7', 0], scheme: 'https' },
  { name: 'proto list of another length: rightmost (peer replaced it)', trusted: CHAIN, headers: [['x-forwarded-for', '6.6.6.6, 198.51.100.7'], ['x-forwarded-proto', 'http']], client: ['198.51.100.7', 0], scheme: 'http' },
  { name: 'client-sent proto left of an appended one', headers: [['x-forwarded-for', '198.51.100.7'], ['x-forwarded-proto', 'https, http']], client: ['198.51.100.7', 0], scheme: 'http' },
  { name: 'proto "javascript" ignored, client kept', headers: [['x-forwarded-for', '198.51.100.7'], ['x-forwarded-proto', 'javascript']], client: ['198.51.100.7', 0], scheme: 'http' },
  { name: 'proto "wss" ignored', headers: [['x-forwarded-proto', 'wss']], client: PEER, scheme: 'http' },
  { name: 'host with "@" ignored', headers: [['x-forwarded-host', 'user@evil.test']], client: PEER, host: 'origin.test' },
  { name: 'host with a space ignored', headers: [['x-forwarded-host', 'evil.test x']], client: PEER, host: 'origin.test' },
  { name: 'host with "/" ignored', headers: [['x-forwarded-host', 'evil.test/path']], client: PEER, host: 'origin.test' },
  { name: 'host as an IPv6 literal with port', headers: [['x-forwarded-host', '[2001:db8::1]:8080']], client: PEER, host: '[2001:db8::1]:8080' },
  { name: 'host with a bad port ignored', headers: [['x-forwarded-host', 'example.com:123456']], client: PEER, host: 'origin.test' },
  // -- malformed (SERVER-PROXY-INVALID)
  { name: 'garbage rightmost entry: peer kept', headers: [['x-forwarded-for', 'not-an-ip'], ['x-forwarded-proto', 'https']], client: PEER, scheme: 'http' },
  { name: 'garbage in the walked part: peer kept', trusted: CHAIN, headers: [['x-forwarded-for', '<script>, 10.1.1.1']], client: PEER },
  { name: 'garbage left of the client is never read', headers: [['x-forwarded-for', '<script>, 198.51.100.7']], client: ['198.51.100.7', 0] },
  { name: 'overlong entry: peer kept', headers: [['x-forwarded-for', long]], client: PEER },
  { name: 'overlong list before the client costs nothing', headers: [['x-forwarded-for', `${'9.9.9.9,'.repeat(2000)}198.51.100.7`]], client: ['198.51.100.7', 0] },
  { name: 'empty XFF: peer kept', headers: [['x-forwarded-for', '']], client: PEER },
  { name: 'port out of range: peer kept', headers: [['x-forwarded-for', '198.51.100.7:65536']], client: PEER },
  { name: 'octal-looking IPv4 rejected', headers: [['x-forwarded-for', '010.0.0.1']], client: PEER },
  { name: 'unclosed bracket rejected', headers: [['x-forwarded-for', '[2001:db8::1']], client: PEER },
  { name: 'IPv4 in brackets rejected', headers: [['x-forwarded-for', '[1.2.3.4]']], client: PEER },
  // -- Forwarded (RFC 7239)
  { name: 'Forwarded: for, proto, host', family: 'forwarded', headers: [['forwarded', 'for=198.51.100.7;proto=https;host=www.example.com']], client: ['198.51.100.7', 0], scheme: 'https', host: 'www.example.com' },
  { name: 'Forwarded: quoted IPv6 with port', family: 'forwarded', headers: [['forwarded', 'for="[2001:db8:cafe::17]:4711"']], client: ['2001:db8:cafe::17', 4711] },
  { name: 'Forwarded: unquoted IPv6 is invalid', family: 'forwarded', headers: [['forwarded', 'for=[2001:db8::1]']], client: PEER },
  { name: 'Forwarded: case-insensitive names, spaces around ;', family: 'forwarded', headers: [['forwarded', 'For=198.51.100.7 ; PROTO=HTTPS']], client: ['198.51.100.7', 0], scheme: 'https' },
  { name: 'Forwarded: proto/host taken from the client element only', family: 'forwarded', trusted: CHAIN, headers: [['forwarded', 'for=6.6.6.6;proto=https;host=evil.test, for=198.51.100.7;proto=http;host=a.test, for=10.1.1.1;proto=https;host=b.test']], client: ['198.51.100.7', 0], scheme: 'http', host: 'a.test' },
  { name: 'Forwarded: several lines, walked from the last', family: 'forwarded', trusted: CHAIN, headers: [['forwarded', 'for=6.6.6.6'], ['forwarded', 'for=198.51.100.7;proto=https'], ['forwarded', 'for=10.1.1.1']], client: ['198.51.100.7', 0], scheme: 'https' },
  { name: 'Forwarded: malformed client line left of the client is not read', family: 'forwarded', headers: [['forwarded', 'for="unterminated'], ['forwarded', 'for=198.51.100.7']], client: ['198.51.100.7', 0] },
  { name: 'Forwarded: unterminated quote in the used line: peer kept', family: 'forwarded', headers: [['forwarded', 'for="6.6.6.6, for=198.51.100.7']], client: PEER },
  { name: 'Forwarded: quoted string with escapes and a comma', family: 'forwarded', headers: [['forwarded', 'for=198.51.100.7;ext="a\\"b,c\\\\"']], client: ['198.51.100.7', 0] },
  { name: 'Forwarded: escaped host value unescaped then validated', family: 'forwarded', headers: [['forwarded', 'for=198.51.100.7;host="ex\\ample.com"']], client: ['198.51.100.7', 0], host: 'example.com' },
  { name: 'Forwarded: _hidden stops the walk, its proto used', family: 'forwarded', trusted: CHAIN, headers: [['forwarded', 'for=6.6.6.6, for=_hidden;proto=https, for=10.1.1.1']], client: ['10.1.1.1', 0], scheme: 'https' },
  { name: 'Forwarded: unknown at the right: peer stays, proto used', family: 'forwarded', headers: [['forwarded', 'for=unknown;proto=https']], client: PEER, scheme: 'https' },
  { name: 'Forwarded: obfuscated port gives port 0', family: 'forwarded', headers: [['forwarded', 'for="198.51.100.7:_p1"']], client: ['198.51.100.7', 0] },
  { name: 'Forwarded: duplicate parameter is invalid', family: 'forwarded', headers: [['forwarded', 'for=198.51.100.7;for=1.1.1.1']], client: PEER },
  { name: 'Forwarded: proto "javascript" ignored', family: 'forwarded', headers: [['forwarded', 'for=198.51.100.7;proto=javascript']], client: ['198.51.100.7', 0], scheme: 'http' },
  { name: 'Forwarded: host with "@" ignored', family: 'forwarded', headers: [['forwarded', 'for=198.51.100.7;host="a@b"']], client: ['198.51.100.7', 0], host: 'origin.test' },
  { name: 'Forwarded: control byte in a quoted string is invalid', family: 'forwarded', headers: [['forwarded', 'for="198.51.100.7\r\nx"']], client: PEER },
  { name: 'Forwarded: space around "=" is invalid', family: 'forwarded', headers: [['forwarded', 'for = 198.51.100.7']], client: PEER },
  { name: 'Forwarded: empty value is invalid', family: 'forwarded', headers: [['forwarded', 'for=']], client: PEER },
  { name: 'Forwarded: by and extensions ignored', family: 'forwarded', headers: [['forwarded', 'by=10.0.0.1;for=198.51.100.7;secret=x']], client: ['198.51.100.7', 0] },
];

function scopeFor(row: Row) {
  const trusted = row.trusted ?? LOCAL;
  const server: ServerInfo = {
    rootPath: '',
    state: {},
    proxy: trusted.length === 0 ? null : { trust: new ProxyTrust(trusted), family: row.family ?? 'x-forwarded' },
  };
  const headers: HeaderField[] = [['host', 'origin.test'], ...row.headers];
  const peer = row.peer === undefined ? PEER : row.peer;
  return buildHttpScope('GET', '/', '1.1', headers, { scheme: 'http', client: peer, server: null }, server);
}

describe('trusted proxy headers: hostile table', () => {
  it('has at least 40 rows with distinct names', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length);
  });
  it.each(ROWS)('$name', (row) => {
    const scope = scopeFor(row);
    expect(scope.client).toEqual(row.client);
    expect(scope.scheme).toBe(row.scheme ?? 'http');
    const hosts = scope.headers.filter(([n]) => n === 'host').map(([, v]) => v);
    expect(hosts).toEqual([row.host ?? 'origin.test']);
  });
});

describe('the host field', () => {
  it('is added first when the request has none', () => {
    const server: ServerInfo = { rootPath: '', state: {}, proxy: { trust: new ProxyTrust(LOCAL), family: 'x-forwarded' } };
    const scope = buildHttpScope('GET', '/', '1.0', [['x-forwarded-host', 'a.test']], { scheme: 'http', client: PEER, server: null }, server);
    expect(scope.headers).toEqual([['host', 'a.test'], ['x-forwarded-host', 'a.test']]);
  });
  it('is left alone, as is everything, when no proxy is configured', () => {
    const headers: HeaderField[] = [['host', 'o.test'], ['x-forwarded-for', '1.2.3.4'], ['x-forwarded-proto', 'https']];
    const scope = buildHttpScope('GET', '/', '1.1', headers, { scheme: 'http', client: PEER, server: null }, { rootPath: '', state: {} });
    expect(scope.client).toBe(PEER);
    expect(scope.scheme).toBe('http');
    expect(scope.headers).toEqual([['host', 'o.test'], ['x-forwarded-for', '1.2.3.4'], ['x-forwarded-proto', 'https']]);
  });
});
