import { describe, expect, it } from 'vitest';
import { envOf, flagOf, OPTION_KEYS, OPTIONS, type Settings } from '../src/options.js';
import { FILE, resolve, type Sources } from './resolve-helpers.js';

/** For every option: a value other than its default, as text and as the value it reads as. */
const SAMPLES: { [K in keyof Settings]: [text: string, value: NonNullable<Settings[K]>] } = {
  app: ['src/app.ts:main', 'src/app.ts:main'],
  server: ['node', 'node'],
  host: ['0.0.0.0', '0.0.0.0'],
  port: ['9000', 9000],
  bind: ['0.0.0.0:80, unix:/run/tsgi.sock', ['0.0.0.0:80', 'unix:/run/tsgi.sock']],
  tlsBind: ['[::]:443', ['[::]:443']],
  tlsPort: ['9443', 9443],
  tlsCert: ['cert.pem', 'cert.pem'],
  tlsKey: ['key.pem', 'key.pem'],
  selfSigned: ['yes', true],
  rootPath: ['/api', '/api'],
  proxyProtocol: ['1', true],
  trustedProxy: ['10.0.0.0/8,::1,unix', ['10.0.0.0/8', '::1', 'unix']],
  proxyHeaders: ['forwarded', 'forwarded'],
  workers: ['4', 4],
  accessLog: ['false', false],
  accessLogFormat: ['json', 'json'],
  logLevel: ['debug', 'debug'],
  logFormat: ['json', 'json'],
  config: ['other.config.mjs', 'other.config.mjs'],
};

/** The option set on the command line the way a user would type it. */
function argvFor(key: keyof Settings): string[] {
  const [text, value] = SAMPLES[key];
  if (OPTIONS[key].positional) return [text];
  if (typeof value === 'boolean') return [value ? flagOf(key) : `--no-${flagOf(key).slice(2)}`];
  return [flagOf(key), text];
}

/** What a config file holding the sample reads as: file paths become relative to the file. */
function fromFile(key: keyof Settings): unknown {
  const value = SAMPLES[key][1];
  return key === 'app' || key === 'tlsCert' || key === 'tlsKey' ? `/srv/site/${String(value)}` : value;
}

describe('option names (fixed by the issue-8 contract)', () => {
  it.each([
    ['app', null, 'TSGI_APP'], // the positional argument, not a flag
    ['server', '--server', 'TSGI_SERVER'],
    ['host', '--host', 'TSGI_HOST'],
    ['port', '--port', 'TSGI_PORT'],
    ['bind', '--bind', 'TSGI_BIND'],
    ['tlsBind', '--tls-bind', 'TSGI_TLS_BIND'],
    ['tlsPort', '--tls-port', 'TSGI_TLS_PORT'],
    ['tlsCert', '--tls-cert', 'TSGI_TLS_CERT'],
    ['tlsKey', '--tls-key', 'TSGI_TLS_KEY'],
    ['selfSigned', '--self-signed', 'TSGI_SELF_SIGNED'],
    ['rootPath', '--root-path', 'TSGI_ROOT_PATH'],
    ['proxyProtocol', '--proxy-protocol', 'TSGI_PROXY_PROTOCOL'],
    ['trustedProxy', '--trusted-proxy', 'TSGI_TRUSTED_PROXY'],
    ['proxyHeaders', '--proxy-headers', 'TSGI_PROXY_HEADERS'],
    ['workers', '--workers', 'TSGI_WORKERS'],
    ['accessLog', '--access-log', 'TSGI_ACCESS_LOG'],
    ['accessLogFormat', '--access-log-format', 'TSGI_ACCESS_LOG_FORMAT'],
    ['logLevel', '--log-level', 'TSGI_LOG_LEVEL'],
    ['logFormat', '--log-format', 'TSGI_LOG_FORMAT'],
    ['config', '--config', 'TSGI_CONFIG'],
  ] as const)('%s is %s and %s', (key, flag, env) => {
    if (flag !== null) expect(flagOf(key)).toBe(flag);
    expect(envOf(key)).toBe(env);
  });

  it('every option has a sample below', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...OPTION_KEYS].sort());
  });
});

describe('each option from each source', () => {
  it.each(OPTION_KEYS)('%s from the command line', (key) => {
    const { values, sources } = resolve({ argv: argvFor(key) });
    expect(values[key]).toEqual(SAMPLES[key][1]);
    expect(sources[key]).toEqual({ kind: 'cli', from: key === 'app' ? 'argument' : flagOf(key) });
    expect(values[key]).not.toEqual(OPTIONS[key].default);
  });

  it.each(OPTION_KEYS)('%s from the environment', (key) => {
    const { values, sources } = resolve({ env: { [envOf(key)]: SAMPLES[key][0] } });
    expect(values[key]).toEqual(SAMPLES[key][1]);
    expect(sources[key]).toEqual({ kind: 'env', from: envOf(key) });
  });

  it.each(OPTION_KEYS.filter((key) => key !== 'config'))('%s from the config file', (key) => {
    const { values, sources } = resolve({ file: { [key]: SAMPLES[key][1] } });
    expect(values[key]).toEqual(fromFile(key));
    expect(sources[key]).toEqual({ kind: 'file', from: FILE });
  });

  it.each(OPTION_KEYS.filter((key) => key !== 'config'))('%s from its default', (key) => {
    const { values, sources } = resolve({});
    expect(values[key]).toEqual(OPTIONS[key].default);
    expect(sources[key]).toEqual({ kind: 'default', from: null });
  });

  it('the defaults are those of the command before the config options came', () => {
    const { values } = resolve({});
    expect(values).toEqual({
      app: null, server: 'reference', host: '127.0.0.1', port: 8000, bind: [], tlsBind: [], tlsPort: 8443,
      tlsCert: null, tlsKey: null, selfSigned: false, rootPath: '', proxyProtocol: false, trustedProxy: [],
      proxyHeaders: 'x-forwarded', workers: 1, accessLog: true, accessLogFormat: 'combined', logLevel: 'info',
      logFormat: 'text', config: null,
    });
  });

  it('a config file found by the default lookup is the default config', () => {
    expect(resolve({ file: {} }).values.config).toBe(FILE);
  });
});

describe('precedence: command line, then environment, then config file, then default', () => {
  it.each([
    [{ argv: ['--port', '1'], env: { TSGI_PORT: '2' }, file: { port: 3 } }, 1, 'cli'],
    [{ env: { TSGI_PORT: '2' }, file: { port: 3 } }, 2, 'env'],
    [{ argv: ['--port', '1'], file: { port: 3 } }, 1, 'cli'],
    [{ file: { port: 3 } }, 3, 'file'],
    [{ env: { TSGI_PORT: '' }, file: { port: 3 } }, 3, 'file'], // an empty variable is unset
    [{}, 8000, 'default'],
  ] as const)('%j gives port %i from %s', (sources, port, kind) => {
    const resolved = resolve(sources as Sources);
    expect(resolved.values.port).toBe(port);
    expect(resolved.sources.port.kind).toBe(kind);
  });

  it('a list from a higher source replaces a lower one; repeated flags add up', () => {
    const { values } = resolve({
      argv: ['--trusted-proxy', '10.0.0.1,10.0.0.2', '--trusted-proxy', '::1'],
      env: { TSGI_TRUSTED_PROXY: '192.168.0.0/16' },
      file: { trustedProxy: ['172.16.0.0/12'], bind: ['0.0.0.0:80'] },
    });
    expect(values.trustedProxy).toEqual(['10.0.0.1', '10.0.0.2', '::1']);
    expect(values.bind).toEqual(['0.0.0.0:80']);
    expect(resolve({ env: { TSGI_BIND: '[::1]:81,127.0.0.1:82' }, file: { bind: ['0.0.0.0:80'] } }).values.bind).toEqual([
      '[::1]:81',
      '127.0.0.1:82',
    ]);
  });

  it('the last of --x and --no-x wins, and either overrides the environment and the file', () => {
    expect(resolve({ argv: ['--access-log', '--no-access-log'] }).values.accessLog).toBe(false);
    expect(resolve({ argv: ['--no-access-log', '--access-log'] }).values.accessLog).toBe(true);
    expect(resolve({ argv: ['--access-log'], env: { TSGI_ACCESS_LOG: 'off' }, file: { accessLog: false } }).values.accessLog).toBe(true);
    expect(resolve({ argv: ['--no-self-signed'], file: { selfSigned: true } }).values.selfSigned).toBe(false);
    expect(resolve({ argv: ['--port', '1', '--port', '2'] }).values.port).toBe(2);
  });

  it('the positional app wins over TSGI_APP and the file', () => {
    const { values, sources } = resolve({ argv: ['a.ts'], env: { TSGI_APP: 'b.ts' }, file: { app: 'c.ts' } });
    expect(values.app).toBe('a.ts');
    expect(sources.app).toEqual({ kind: 'cli', from: 'argument' });
    expect(resolve({ env: { TSGI_APP: 'b.ts' }, file: { app: 'c.ts' } }).values.app).toBe('b.ts');
  });
});
