import { describe, expect, it } from 'vitest';
import { IPV6_WORDS, IS_IPV6, NOT_IP, parseIp } from '../src/proxy/ip.js';
import { ProxyTrust } from '../src/proxy/trust.js';
import { OptionsError } from '../src/errors.js';
import { resolveGatewayOptions } from '../src/options.js';

describe('parseIp', () => {
  it('reads dotted-quad IPv4 as an unsigned 32-bit number', () => {
    expect(parseIp('0.0.0.0')).toBe(0);
    expect(parseIp('255.255.255.255')).toBe(0xffffffff);
    expect(parseIp('192.0.2.1')).toBe(0xc0000201);
  });
  it.each(['1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.', '.1.2.3', '1..2.3', '1.2.3.4 ', 'a.b.c.d', '', '1.2.3.-4'])(
    'rejects IPv4 %j',
    (text) => expect(parseIp(text)).toBe(NOT_IP),
  );
  it('reads IPv6 text forms into four words', () => {
    expect(parseIp('2001:db8::1')).toBe(IS_IPV6);
    expect([...IPV6_WORDS]).toEqual([0x20010db8, 0, 0, 1]);
    expect(parseIp('::')).toBe(IS_IPV6);
    expect([...IPV6_WORDS]).toEqual([0, 0, 0, 0]);
    expect(parseIp('1:2:3:4:5:6:7:8')).toBe(IS_IPV6);
    expect([...IPV6_WORDS]).toEqual([0x10002, 0x30004, 0x50006, 0x70008]);
    expect(parseIp('fe80::1%eth0')).toBe(IS_IPV6);
    expect(parseIp('64:ff9b::192.0.2.33')).toBe(IS_IPV6);
    expect(IPV6_WORDS[3]).toBe(0xc0000221);
  });
  it('reads an IPv4-mapped IPv6 address as the IPv4 address (RFC 4291 §2.5.5.2)', () => {
    expect(parseIp('::ffff:127.0.0.1')).toBe(0x7f000001);
    expect(parseIp('::FFFF:7f00:1')).toBe(0x7f000001);
  });
  it.each(['1:2:3:4:5:6:7:8:9', '1::2::3', ':1', '1:', '12345::', 'g::1', '::ffff:1.2.3', '1:2:3:4:5:6:7::8:9', ':::'])(
    'rejects IPv6 %j',
    (text) => expect(parseIp(text)).toBe(NOT_IP),
  );
});

describe('ProxyTrust (trustedProxies)', () => {
  it('matches single addresses, and IPv4-mapped peers as IPv4', () => {
    const t = new ProxyTrust(['127.0.0.1', '::1']);
    expect(t.trusts('127.0.0.1')).toBe(true);
    expect(t.trusts('::ffff:127.0.0.1')).toBe(true);
    expect(t.trusts('127.0.0.2')).toBe(false);
    expect(t.trusts('::1')).toBe(true);
    expect(t.trusts('::2')).toBe(false);
    expect(t.trusts('not an ip')).toBe(false);
    expect(t.unix).toBe(false);
  });
  it('matches CIDR edges: /8 boundaries, /32, /0', () => {
    const t = new ProxyTrust(['10.0.0.0/8', '192.0.2.7/32']);
    expect(t.trusts('10.0.0.0')).toBe(true);
    expect(t.trusts('10.255.255.255')).toBe(true);
    expect(t.trusts('9.255.255.255')).toBe(false);
    expect(t.trusts('11.0.0.0')).toBe(false);
    expect(t.trusts('192.0.2.7')).toBe(true);
    expect(t.trusts('192.0.2.8')).toBe(false);
    const all = new ProxyTrust(['0.0.0.0/0']);
    expect(all.trusts('203.0.113.9')).toBe(true);
    expect(all.trusts('::ffff:203.0.113.9')).toBe(true);
    expect(all.trusts('2001:db8::1')).toBe(false); // IPv4 ranges never match IPv6 peers
  });
  it('matches IPv6 CIDR edges: /128, /8, /0, a /33 across a word', () => {
    const t = new ProxyTrust(['fd00::/8', '2001:db8::5/128', '2001:db8:8000::/33']);
    expect(t.trusts('fd12:3456::1')).toBe(true);
    expect(t.trusts('fe00::1')).toBe(false);
    expect(t.trusts('fcff:ffff::1')).toBe(false);
    expect(t.trusts('2001:db8::5')).toBe(true);
    expect(t.trusts('2001:db8::6')).toBe(false);
    expect(t.trusts('2001:db8:ffff::1')).toBe(true);
    expect(t.trusts('2001:db8:7fff::1')).toBe(false);
    const all = new ProxyTrust(['::/0']);
    expect(all.trusts('2001:db8::1')).toBe(true);
    expect(all.trusts('127.0.0.1')).toBe(false);
  });
  it('reads an IPv4-mapped range as the IPv4 range, and clears host bits', () => {
    const t = new ProxyTrust(['::ffff:10.0.0.0/104', '192.168.1.77/24']);
    expect(t.trusts('10.1.2.3')).toBe(true);
    expect(t.trusts('11.1.2.3')).toBe(false);
    expect(t.trusts('192.168.1.1')).toBe(true);
    expect(t.trusts('192.168.2.1')).toBe(false);
  });
  it('"unix" trusts Unix-socket peers only', () => {
    const t = new ProxyTrust(['unix']);
    expect(t.unix).toBe(true);
    expect(t.trusts('127.0.0.1')).toBe(false);
  });
  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/08', '10.0.0.0/-1', 'localhost', '10.0.0', '::ffff:10.0.0.0/95', 'fe80::1%eth0', '1.2.3.4/8/8', ''])(
    'rejects %j with an OptionsError naming the entry',
    (entry) => {
      let error: unknown;
      try {
        resolveGatewayOptions({ trustedProxies: ['127.0.0.1', entry] });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OptionsError);
      expect((error as OptionsError).code).toBe('TSGI_SERVER_OPTIONS');
      expect((error as OptionsError).message).toContain(JSON.stringify(entry));
    },
  );
  it('resolves the defaults: nothing trusted, x-forwarded', () => {
    const o = resolveGatewayOptions({});
    expect(o.trustedProxies).toEqual([]);
    expect(o.proxyHeaders).toBe('x-forwarded');
    expect(() => resolveGatewayOptions({ proxyHeaders: 'x-real-ip' as 'forwarded' })).toThrow(OptionsError);
  });
});
