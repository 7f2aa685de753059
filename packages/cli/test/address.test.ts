import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from '../src/address.js';
import { InvalidValue } from '../src/option-kinds.js';
import { checkTrustedProxy } from '../src/trusted-proxy.js';

describe('parseAddress', () => {
  it.each([
    ['127.0.0.1:8000', { host: '127.0.0.1', port: 8000 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0 }],
    ['localhost:65535', { host: 'localhost', port: 65535 }],
    ['api.example.com:443', { host: 'api.example.com', port: 443 }],
    ['[::1]:8000', { host: '::1', port: 8000 }],
    ['[::]:80', { host: '::', port: 80 }],
    ['[2001:db8::7]:8443', { host: '2001:db8::7', port: 8443 }],
    ['unix:/run/tsgi.sock', { path: '/run/tsgi.sock' }],
    ['unix:/tmp/dir with space/a.sock', { path: '/tmp/dir with space/a.sock' }],
    ['fd://3', { fd: 3 }],
    ['fd://0', { fd: 0 }],
  ])('%s', (text, expected) => {
    const address = parseAddress(text);
    expect(address).toEqual(expected);
    expect(formatAddress(address)).toBe(text);
  });

  it.each([
    ['localhost', 'no port'],
    ['127.0.0.1:', 'the port must be 0..65535, got ""'],
    ['127.0.0.1:http', 'the port must be 0..65535, got "http"'],
    ['127.0.0.1:65536', 'the port must be 0..65535, got "65536"'],
    ['127.0.0.1:-1', 'the port must be 0..65535'],
    [':8000', 'no host'],
    ['::1:8000', 'an IPv6 address goes in brackets'],
    ['[::1]8000', 'write an IPv6 address as [IPV6]:PORT'],
    ['[::1', 'write an IPv6 address as [IPV6]:PORT'],
    ['[127.0.0.1]:80', '"127.0.0.1" is not an IPv6 address'],
    ['[::g]:80', '"::g" is not an IPv6 address'],
    ['999.1.1.1:80', '"999.1.1.1" is not an IPv4 address or a host name'],
    ['bad_host:80', '"bad_host" is not an IPv4 address or a host name'],
    ['-host:80', '"-host" is not an IPv4 address or a host name'],
    ['unix:relative.sock', 'a Unix socket path must be absolute'],
    ['unix:', 'a Unix socket path must be absolute'],
    [`unix:/${'a'.repeat(107)}`, 'a Unix socket path is at most 107 bytes'],
    ['fd://', 'a file descriptor is a whole number'],
    ['fd://three', 'a file descriptor is a whole number'],
    ['fd://-1', 'a file descriptor is a whole number'],
    ['fd://4294967296', 'a file descriptor is a whole number'],
    ['http://127.0.0.1:80', 'write HOST:PORT rather than a URL'],
    ['unix://run/a.sock', 'write unix:/path, with one slash'],
    ['unix:///run/a.sock', 'write unix:/path, with one slash'],
  ])('rejects %s', (text, reason) => {
    let error: unknown;
    try {
      parseAddress(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidValue);
    expect((error as InvalidValue).code).toBe('TSGI_CLI_VALUE');
    const message = (error as InvalidValue).message;
    expect(message).toContain(`${JSON.stringify(text)} is not an address: `); // names the bad value
    expect(message).toContain(reason);
    expect(message).toContain('(expected HOST:PORT, [IPV6]:PORT, unix:/path or fd://N)');
  });

  it('takes a Unix socket path of exactly 107 bytes', () => {
    const path = `/${'a'.repeat(106)}`;
    expect(parseAddress(`unix:${path}`)).toEqual({ path });
  });
});

describe('checkTrustedProxy', () => {
  it.each(['127.0.0.1', '10.0.0.0/8', '0.0.0.0/0', '192.168.1.0/24', '::1', 'fd00::/8', '::/0', '2001:db8::/128', 'unix'])(
    'accepts %s',
    (entry) => {
      expect(() => checkTrustedProxy(entry)).not.toThrow();
    },
  );

  it.each([
    ['localhost', 'is not an IP address, a CIDR block'],
    ['10.0.0.0/33', 'the prefix length of an IPv4 block must be 0..32'],
    ['fd00::/129', 'the prefix length of an IPv6 block must be 0..128'],
    ['10.0.0.0/', 'the prefix length of an IPv4 block must be 0..32'],
    ['10.0.0.0/8/8', 'the prefix length'],
    ['10.0.0/8', 'is not an IP address'],
    ['UNIX', 'is not an IP address'],
    ['', 'is not an IP address'],
  ])('rejects %j', (entry, reason) => {
    expect(() => checkTrustedProxy(entry)).toThrow(InvalidValue);
    expect(() => checkTrustedProxy(entry)).toThrow(`${JSON.stringify(entry)}`);
    expect(() => checkTrustedProxy(entry)).toThrow(reason);
  });
});
