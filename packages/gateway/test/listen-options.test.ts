import { describe, expect, it } from 'vitest';
import { describeListen, OptionsError, resolveGatewayOptions } from '../src/index.js';

describe('listen entries', () => {
  it('default: one TCP listener on 127.0.0.1:8000, no PROXY protocol', () => {
    expect(resolveGatewayOptions({}).listen).toEqual([{ host: '127.0.0.1', port: 8000, path: null, fd: null, tls: null, proxyProtocol: false }]);
  });

  it('path and fd entries; top-level host/port/proxyProtocol are defaults an entry may override', () => {
    const { listen } = resolveGatewayOptions({
      host: '::1',
      port: 9000,
      proxyProtocol: true,
      listen: [{}, { path: '/run/app.sock' }, { fd: 3, proxyProtocol: false }, { host: '0.0.0.0' }],
    });
    expect(listen).toEqual([
      { host: '::1', port: 9000, path: null, fd: null, tls: null, proxyProtocol: true },
      { host: '', port: 0, path: '/run/app.sock', fd: null, tls: null, proxyProtocol: true },
      { host: '', port: 0, path: null, fd: 3, tls: null, proxyProtocol: false },
      { host: '0.0.0.0', port: 9000, path: null, fd: null, tls: null, proxyProtocol: true },
    ]);
  });

  it('rejects entries naming more than one of host/port, path, fd, and bad values, with OptionsError', () => {
    const bad = [
      { host: 'localhost', path: '/a.sock' },
      { port: 1, fd: 3 },
      { path: '/a.sock', fd: 3 },
      { fd: -1 },
      { fd: 2.5 },
      { fd: Number.NaN },
      { path: '' },
      { path: 'a\0b' },
      { host: '' },
      { proxyProtocol: 'yes' as unknown as boolean },
    ];
    for (const entry of bad) {
      expect(() => resolveGatewayOptions({ listen: [entry] }), JSON.stringify(entry)).toThrow(OptionsError);
    }
  });

  it('describes entries for messages', () => {
    const base = { host: '', port: 0, path: null, fd: null };
    expect(describeListen({ ...base, host: '127.0.0.1', port: 80 })).toBe('127.0.0.1:80');
    expect(describeListen({ ...base, host: '::1', port: 80 })).toBe('[::1]:80');
    expect(describeListen({ ...base, path: '/run/a.sock' })).toBe('unix:/run/a.sock');
    expect(describeListen({ ...base, fd: 3 })).toBe('fd 3');
  });
});
