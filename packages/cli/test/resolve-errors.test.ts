import { describe, expect, it } from 'vitest';
import { checkConfig } from '../src/config-file.js';
import { CliError } from '../src/errors.js';
import { failure, FILE, resolve } from './resolve-helpers.js';

const FORMS = '(expected HOST:PORT, [IPV6]:PORT, unix:/path or fd://N)';

describe('a bad value is reported naming its flag, variable or config key', () => {
  it.each([
    [['--port', 'http'], '--port must be 0..65535, got http'],
    [['--port', '65536'], '--port must be 0..65535, got 65536'],
    [['--port', ''], '--port must be 0..65535, got ""'],
    [['--tls-port', '-1'], "Option '--tls-port' argument is ambiguous"],
    [['--workers', '0'], '--workers must be an integer 1..1024, got 0'],
    [['--workers', '2.5'], '--workers must be an integer 1..1024, got 2.5'],
    [['--server', 'tornado'], '--server must be reference or node, got tornado'],
    [['--log-level', 'loud'], '--log-level must be one of error, warn, info, debug, silent, got loud'],
    [['--log-format', 'xml'], '--log-format must be text or json, got xml'],
    [['--access-log-format', 'apache'], '--access-log-format must be one of common, combined, json, got apache'],
    [['--proxy-headers', 'x-real-ip'], '--proxy-headers must be x-forwarded or forwarded, got x-real-ip'],
    [['--root-path', 'api'], '--root-path must be "" or start with "/" and not end with "/", got "api"'],
    [['--root-path', '/api/'], '--root-path must be "" or start with "/" and not end with "/", got "/api/"'],
    [['--host', ''], '--host must not be empty'],
    [['--bind', 'localhost'], `--bind: "localhost" is not an address: no port ${FORMS}`],
    [['--bind', '0.0.0.0:80', '--bind', '::1:80'], '--bind: "::1:80" is not an address: an IPv6 address goes in brackets'],
    [['--tls-bind', 'unix:sock'], '--tls-bind: "unix:sock" is not an address: a Unix socket path must be absolute'],
    [['--trusted-proxy', '10.0.0.1,10.0.0.0/33'], '--trusted-proxy: "10.0.0.0/33": the prefix length of an IPv4 block must be 0..32'],
    [['--trusted-proxy', 'proxy.local'], '--trusted-proxy: "proxy.local" is not an IP address, a CIDR block'],
    [['--wrokers', '2'], "Unknown option '--wrokers'"],
    [['--port'], "Option '--port <value>' argument missing"],
    [['--self-signed=yes'], "Option '--self-signed' does not take an argument"],
    [['a.ts', 'b.ts'], 'tsgi serve takes exactly one app module, got 2: a.ts b.ts'],
  ])('command line %j: %s', (argv, message) => {
    const error = failure({ argv });
    expect(error.code).toBe('TSGI_CLI_USAGE');
    expect(error.message).toContain(message);
  });

  it.each([
    ['TSGI_PORT', '99999', 'TSGI_PORT must be 0..65535, got 99999'],
    ['TSGI_WORKERS', 'two', 'TSGI_WORKERS must be an integer 1..1024, got two'],
    ['TSGI_WORKERS', ' 2', 'TSGI_WORKERS must be an integer 1..1024, got " 2"'],
    ['TSGI_SELF_SIGNED', 'maybe', 'TSGI_SELF_SIGNED must be true or false (or 1, 0, yes, no), got maybe'],
    ['TSGI_ACCESS_LOG', 'none', 'TSGI_ACCESS_LOG must be true or false'],
    ['TSGI_SERVER', 'tornado', 'TSGI_SERVER must be reference or node, got tornado'],
    ['TSGI_LOG_LEVEL', 'LOUD', 'TSGI_LOG_LEVEL must be one of error, warn, info, debug, silent, got LOUD'],
    ['TSGI_LOG_FORMAT', 'xml', 'TSGI_LOG_FORMAT must be text or json, got xml'],
    ['TSGI_ACCESS_LOG_FORMAT', 'apache', 'TSGI_ACCESS_LOG_FORMAT must be one of common, combined, json'],
    ['TSGI_PROXY_HEADERS', 'both', 'TSGI_PROXY_HEADERS must be x-forwarded or forwarded, got both'],
    ['TSGI_BIND', '0.0.0.0:80,:81', 'TSGI_BIND: ":81" is not an address: no host'],
    ['TSGI_TLS_BIND', 'fd://x', 'TSGI_TLS_BIND: "fd://x" is not an address: a file descriptor is a whole number'],
    ['TSGI_TRUSTED_PROXY', '10.0.0.0/8,proxy', 'TSGI_TRUSTED_PROXY: "proxy" is not an IP address'],
    ['TSGI_ROOT_PATH', 'api', 'TSGI_ROOT_PATH must be "" or start with "/"'],
  ])('%s=%j: %s', (name, value, message) => {
    const error = failure({ env: { [name]: value } });
    expect(error.code).toBe('TSGI_CLI_ENV');
    expect(error.message.startsWith(`${name} `) || error.message.startsWith(`${name}: `)).toBe(true);
    expect(error.message).toContain(message);
  });

  it.each([
    [{ port: '8000' }, 'port must be 0..65535, got "8000"'],
    [{ port: 8000.5 }, 'port must be 0..65535, got 8000.5'],
    [{ workers: 0 }, 'workers must be an integer 1..1024, got 0'],
    [{ workers: '2' }, 'workers must be an integer 1..1024, got "2"'],
    [{ selfSigned: 'yes' }, 'selfSigned must be true or false, got "yes"'],
    [{ accessLog: 1 }, 'accessLog must be true or false, got 1'],
    [{ server: 'Node' }, 'server must be reference or node, got "Node"'],
    [{ bind: '0.0.0.0:80' }, 'bind must be an array of strings (addresses (HOST:PORT'],
    [{ bind: ['0.0.0.0:80', 80] }, 'bind must be an array of strings'],
    [{ bind: ['0.0.0.0'] }, 'bind: "0.0.0.0" is not an address: no port'],
    [{ trustedProxy: '10.0.0.0/8' }, 'trustedProxy must be an array of strings (IP addresses, CIDR blocks or "unix"), got "10.0.0.0/8"'],
    [{ trustedProxy: ['10.0.0.0/40'] }, 'trustedProxy: "10.0.0.0/40": the prefix length of an IPv4 block must be 0..32'],
    [{ app: () => {} }, 'app must be a module path, got a function'],
    [{ tlsCert: null }, 'tlsCert must be a file, got null'],
    [{ wrokers: 2 }, 'unknown option "wrokers" (did you mean "workers"?)'],
    [{ trusted_proxy: [] }, 'unknown option "trusted_proxy" (did you mean "trustedProxy"?)'],
    [{ listen: [] }, 'unknown option "listen"'],
    [{ config: 'other.ts' }, 'unknown option "config" (a config file cannot name another)'],
  ])('config file %j: %s', (file, message) => {
    const error = failure({ file });
    expect(error.code).toBe('TSGI_CLI_CONFIG');
    expect(error.message).toBe(`${FILE}: ${error.message.slice(FILE.length + 2)}`); // names the file first
    expect(error.message).toContain(message);
  });

  it.each([
    [undefined, 'has no default export; write `export default defineConfig({ ... })`'],
    [[], 'the default export must be an object of options, got an array'],
    ['port=8000', 'the default export must be an object of options, got string'],
    [null, 'the default export must be an object of options, got object'],
  ])('a config file exporting %j: %s', (exported, message) => {
    let error: unknown;
    try {
      checkConfig(FILE, exported);
    } catch (caught) {
      error = caught;
    }
    if (!(error instanceof CliError)) throw new Error(`no CliError: ${String(error)}`);
    expect(error.code).toBe('TSGI_CLI_CONFIG');
    expect(error.message).toContain(FILE);
    expect(error.message).toContain(message);
  });

  it('an option set to undefined in the file counts as unset', () => {
    expect(resolve({ file: { port: undefined } }).sources.port.kind).toBe('default');
  });
});

describe('warnings', () => {
  it('each unknown TSGI_ variable is reported once, with the option it was probably meant to be', () => {
    const { warnings } = resolve({ env: { TSGI_WROKERS: '2', TSGI_PROT: '80', TSGI_NOTHING_LIKE_IT: '1', TSGI_CONFORMANCE_PROBE: '{}', PORT: '1' } });
    expect(warnings).toEqual([
      'TSGI_WROKERS is not a tsgi option (did you mean TSGI_WORKERS?); ignored',
      'TSGI_PROT is not a tsgi option (did you mean TSGI_PORT?); ignored',
      'TSGI_NOTHING_LIKE_IT is not a tsgi option; ignored',
    ]);
  });

  it('--bind replaces --host/--port and --tls-bind replaces --tls-port, which are then reported unused', () => {
    expect(resolve({ argv: ['--bind', '0.0.0.0:80'], env: { TSGI_PORT: '81' }, file: { host: '::' } }).warnings).toEqual([
      `--bind replaces --host and --port: host in ${FILE}, TSGI_PORT not used`,
    ]);
    // With HTTPS on --host:--tls-port, --host is still used.
    expect(resolve({ argv: ['--bind', '0.0.0.0:80', '--host', '::', '--self-signed'] }).warnings).toEqual([]);
    expect(resolve({ argv: ['--self-signed', '--tls-bind', '[::]:443', '--tls-port', '1'] }).warnings).toEqual([
      '--tls-bind replaces --tls-port: --tls-port not used',
    ]);
    expect(resolve({ argv: ['--port', '1', '--host', '::'] }).warnings).toEqual([]);
  });
});
