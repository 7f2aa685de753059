import { describe, expect, it } from 'vitest';
import { buildServeOptions, tlsSourceOf } from '../src/serve-options.js';
import { failure, resolve, type Sources } from './resolve-helpers.js';

const TLS = { cert: 'CERT PEM', key: 'KEY PEM' };

/** argv + env + config file -> the options `serve()` gets (the certificate stands in for the one read). */
function serveOptionsOf(sources: Sources) {
  const { values } = resolve(sources);
  return buildServeOptions(values, tlsSourceOf(values) === null ? null : TLS);
}

describe('serve() options from the settings', () => {
  it('the defaults: cleartext on 127.0.0.1:8000, combined access log, one process, no proxy trusted', () => {
    expect(serveOptionsOf({})).toEqual({
      listen: [{ host: '127.0.0.1', port: 8000 }],
      rootPath: '',
      accessLog: 'combined',
      proxyProtocol: false,
      trustedProxies: [],
      proxyHeaders: 'x-forwarded',
      workers: 1,
      handleSignals: true,
    });
  });

  it('the shorthands as before: --host, --port, and HTTPS on --tls-port next to cleartext', () => {
    expect(serveOptionsOf({ argv: ['--host', '::', '--port', '0', '--tls-port', '0', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'] }).listen).toEqual([
      { host: '::', port: 0 },
      { host: '::', port: 0, tls: TLS },
    ]);
    expect(serveOptionsOf({ argv: ['--self-signed'] }).listen).toEqual([
      { host: '127.0.0.1', port: 8000 },
      { host: '127.0.0.1', port: 8443, tls: TLS },
    ]);
  });

  it('--bind and --tls-bind list the listeners, each address form becoming its listen entry', () => {
    const options = serveOptionsOf({
      argv: ['--bind', '0.0.0.0:80', '--bind', 'unix:/run/tsgi.sock,fd://3', '--tls-bind', '[::]:443', '--self-signed'],
    });
    expect(options.listen).toEqual([
      { host: '0.0.0.0', port: 80 },
      { path: '/run/tsgi.sock' },
      { fd: 3 },
      { host: '::', port: 443, tls: TLS },
    ]);
  });

  it('--bind with HTTPS but no --tls-bind: HTTPS stays on --host:--tls-port', () => {
    expect(serveOptionsOf({ argv: ['--bind', 'unix:/run/a.sock', '--tls-cert', 'c', '--tls-key', 'k', '--host', '10.1.2.3'] }).listen).toEqual([
      { path: '/run/a.sock' },
      { host: '10.1.2.3', port: 8443, tls: TLS },
    ]);
  });

  it('proxy, worker and log options map to the contract names', () => {
    const options = serveOptionsOf({
      argv: ['--proxy-protocol', '--trusted-proxy', '10.0.0.0/8,unix', '--workers', '4', '--access-log-format', 'json', '--root-path', '/api'],
      env: { TSGI_PROXY_HEADERS: 'forwarded' },
    });
    expect(options).toMatchObject({
      proxyProtocol: true,
      trustedProxies: ['10.0.0.0/8', 'unix'],
      proxyHeaders: 'forwarded',
      workers: 4,
      accessLog: 'json',
      rootPath: '/api',
    });
  });

  it('--no-access-log turns the access log off whatever its format', () => {
    expect(serveOptionsOf({ argv: ['--no-access-log', '--access-log-format', 'json'] }).accessLog).toBe(false);
    expect(serveOptionsOf({ env: { TSGI_ACCESS_LOG: '0' } }).accessLog).toBe(false);
  });

  it('all three sources at once', () => {
    const options = serveOptionsOf({
      argv: ['--bind', '127.0.0.1:9000'],
      env: { TSGI_WORKERS: '2', TSGI_TRUSTED_PROXY: '::1' },
      file: { workers: 8, trustedProxy: ['10.0.0.0/8'], accessLogFormat: 'common', bind: ['0.0.0.0:80'], proxyProtocol: true },
    });
    expect(options).toEqual({
      listen: [{ host: '127.0.0.1', port: 9000 }],
      rootPath: '',
      accessLog: 'common',
      proxyProtocol: true,
      trustedProxies: ['::1'],
      proxyHeaders: 'x-forwarded',
      workers: 2,
      handleSignals: true,
    });
  });
});

describe('the certificate the settings ask for', () => {
  it.each([
    [{}, null],
    [{ argv: ['--self-signed'] }, { kind: 'self-signed' }],
    [{ argv: ['--tls-cert', 'c.pem', '--tls-key', 'k.pem'] }, { kind: 'files', cert: 'c.pem', key: 'k.pem' }],
    [{ env: { TSGI_TLS_CERT: 'c.pem' }, file: { tlsKey: 'k.pem' } }, { kind: 'files', cert: 'c.pem', key: '/srv/site/k.pem' }],
  ])('%j', (sources, expected) => {
    expect(tlsSourceOf(resolve(sources as Sources).values)).toEqual(expected);
  });

  it.each([
    [['--tls-cert', 'c.pem'], '--tls-cert and --tls-key go together'],
    [['--tls-key', 'k.pem'], '--tls-cert and --tls-key go together'],
    [['--self-signed', '--tls-key', 'k.pem'], '--self-signed replaces --tls-cert and --tls-key'],
    [['--tls-bind', '0.0.0.0:443'], '--tls-bind needs a certificate: --tls-cert and --tls-key, or --self-signed'],
  ])('%j is refused: %s', (argv, message) => {
    const { values } = resolve({ argv });
    expect(() => tlsSourceOf(values)).toThrow(message);
  });

  it('checks are made before anything is read: a usage error, exit code 2', () => {
    const { values } = resolve({ argv: ['--tls-cert', 'c.pem'] });
    let code: string | undefined;
    try {
      tlsSourceOf(values);
    } catch (error) {
      code = (error as { code?: string }).code;
    }
    expect(code).toBe('TSGI_CLI_USAGE');
    expect(failure({ argv: ['--bind'] }).code).toBe('TSGI_CLI_USAGE');
  });
});
