/**
 * @module Every option of `tsgi serve` in one table: its type, default and help. The flag, the environment variable
 * and the config-file key follow from the key (`trustedProxy` is `--trusted-proxy`, `TSGI_TRUSTED_PROXY`,
 * `trustedProxy`), so `--help`, environment parsing, config-file checking and `tsgi config` all read this table.
 */
import { ADDRESS_FORMS, parseAddress } from './address.js';
import { booleanKind, choiceKind, integerKind, InvalidValue, listKind, show, stringKind, type OptionKind } from './option-kinds.js';
import { checkTrustedProxy } from './trusted-proxy.js';

/**
 * The default export of a config file (`tsgi.config.ts`, `.js` or `.mjs`): any option of `tsgi serve`, by its
 * camelCase name. Relative file paths (`app`, `tlsCert`, `tlsKey`) are relative to the config file.
 */
export interface TsgiConfig {
  /** The app module, `path/to/module.ts[:export]` (its default export, else `app`, else the named one). */
  app?: string;
  /** `reference` (our own HTTP/1.1 and HTTP/2 cores, the default) or `node` (node:http and node:http2). */
  server?: 'reference' | 'node';
  /** Address of the cleartext listener when `bind` is not given. Default `127.0.0.1`. */
  host?: string;
  /** Port of the cleartext listener when `bind` is not given; 0 picks a free one. Default 8000. */
  port?: number;
  /** Cleartext listeners: `HOST:PORT`, `[IPV6]:PORT`, `unix:/path` or `fd://N`; replaces `host`/`port`. */
  bind?: string[];
  /** HTTPS listeners, same forms as `bind`; replaces `host`/`tlsPort`. Needs `tlsCert`/`tlsKey` or `selfSigned`. */
  tlsBind?: string[];
  /** Port of the HTTPS listener on `host` when `tlsBind` is not given. Default 8443. */
  tlsPort?: number;
  /** PEM certificate chain file: also serve HTTPS (h2 and HTTP/1.1). */
  tlsCert?: string;
  /** PEM private key file for `tlsCert`. */
  tlsKey?: string;
  /** Serve HTTPS with a cached self-signed certificate for localhost. Default false. */
  selfSigned?: boolean;
  /** The prefix the app is mounted under, `""` or `/prefix`. Default `""`. */
  rootPath?: string;
  /** Expect a PROXY protocol v1 or v2 header first on every connection. Default false. */
  proxyProtocol?: boolean;
  /** Proxies whose forwarding headers are believed: IP addresses, CIDR blocks, `unix`. Default none. */
  trustedProxy?: string[];
  /** Which headers the trusted proxies set: `x-forwarded` (the default) or `forwarded` (RFC 7239). */
  proxyHeaders?: 'x-forwarded' | 'forwarded';
  /** Processes serving the app: 1 = no cluster, N > 1 = a cluster of N workers. Default 1. */
  workers?: number;
  /** One line per request on stdout. Default true. */
  accessLog?: boolean;
  /** Format of the access log: `common`, `combined` (the default) or `json`. */
  accessLogFormat?: 'common' | 'combined' | 'json';
  /** Least severe server message shown: `error`, `warn`, `info` (the default), `debug` or `silent`. */
  logLevel?: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Server messages on stderr as `text` (the default) or `json` lines. */
  logFormat?: 'text' | 'json';
}

/** Returns `config` unchanged; it exists so an editor completes and checks the keys of a config file. */
export function defineConfig(config: TsgiConfig): TsgiConfig {
  return config;
}

/** Every option with its effective value: the config-file options plus `config`, the file they came from. */
export type Settings = Required<Omit<TsgiConfig, 'app' | 'tlsCert' | 'tlsKey'>> & {
  /** The app module, or `null` when none is given. */
  app: string | null;
  /** The certificate file, or `null`. */
  tlsCert: string | null;
  /** The key file, or `null`. */
  tlsKey: string | null;
  /** The config file, or `null` for the default lookup (`tsgi.config.ts`, `.js`, `.mjs` in the current directory). */
  config: string | null;
};

/** One row of the table. */
export interface OptionDefinition<T> {
  /** How values are read and checked. */
  readonly kind: OptionKind<NonNullable<T>>;
  /** The value when no source gives one. */
  readonly default: T;
  /** The argument's name in the help (`<number>`); absent for on/off options. */
  readonly arg?: string;
  /** One line of help. */
  readonly help: string;
  /** The app is the positional argument of `tsgi serve`, not a flag. */
  readonly positional?: true;
  /** `config` names the config file, so it cannot be set inside one. */
  readonly notInFile?: true;
}

const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'silent'] as const;

/** The table, in the order of `--help` and `tsgi config`. */
export const OPTIONS: { readonly [K in keyof Settings]: OptionDefinition<Settings[K]> } = {
  app: { kind: stringKind('a module path'), default: null, arg: '<module>[:export]', positional: true, help: 'the app module (positional)' },
  server: {
    kind: choiceKind(['reference', 'node']),
    default: 'reference',
    arg: '<name>',
    help: 'reference (our own HTTP cores) or node (node:http, node:http2)',
  },
  host: { kind: stringKind('an address', nonEmpty), default: '127.0.0.1', arg: '<address>', help: 'address to bind' },
  port: { kind: integerKind(0, 65535, '0..65535'), default: 8000, arg: '<number>', help: 'port to bind, 0 for any free port' },
  bind: {
    kind: listKind(`addresses (${ADDRESS_FORMS})`, parseAddress),
    default: [],
    arg: '<address>',
    help: `listen on ${ADDRESS_FORMS}, not --host/--port (repeatable)`,
  },
  tlsBind: { kind: listKind(`addresses (${ADDRESS_FORMS})`, parseAddress), default: [], arg: '<address>', help: 'HTTPS listener, same forms as --bind (repeatable)' },
  tlsPort: { kind: integerKind(0, 65535, '0..65535'), default: 8443, arg: '<number>', help: 'port of the HTTPS listener on --host' },
  tlsCert: { kind: stringKind('a file', nonEmpty), default: null, arg: '<file>', help: 'also serve HTTPS (h2 and HTTP/1.1) with this PEM certificate chain' },
  tlsKey: { kind: stringKind('a file', nonEmpty), default: null, arg: '<file>', help: 'the PEM private key for --tls-cert' },
  selfSigned: { kind: booleanKind(), default: false, help: 'also serve HTTPS with a cached self-signed certificate for localhost' },
  rootPath: { kind: stringKind('"" or /prefix', checkRootPath), default: '', arg: '<path>', help: 'the prefix the app is mounted under' },
  proxyProtocol: { kind: booleanKind(), default: false, help: 'expect a PROXY protocol v1/v2 header on every connection' },
  trustedProxy: {
    kind: listKind('IP addresses, CIDR blocks or "unix"', checkTrustedProxy),
    default: [],
    arg: '<list>',
    help: 'believe forwarding headers from these peers (repeatable, comma separated)',
  },
  proxyHeaders: { kind: choiceKind(['x-forwarded', 'forwarded']), default: 'x-forwarded', arg: '<family>', help: 'the headers trusted proxies set: x-forwarded or forwarded' },
  workers: { kind: integerKind(1, 1024), default: 1, arg: '<number>', help: 'processes serving the app; more than 1 makes a cluster' },
  accessLog: { kind: booleanKind(), default: true, help: 'do not print a line per request on stdout' },
  accessLogFormat: { kind: choiceKind(['common', 'combined', 'json']), default: 'combined', arg: '<format>', help: 'common, combined or json' },
  logLevel: { kind: choiceKind(LOG_LEVELS), default: 'info', arg: '<level>', help: 'error, warn, info, debug or silent' },
  logFormat: { kind: choiceKind(['text', 'json']), default: 'text', arg: '<format>', help: 'server messages on stderr as text or json lines' },
  config: { kind: stringKind('a file', nonEmpty), default: null, arg: '<file>', notInFile: true, help: 'the config file (default: tsgi.config.ts, .js or .mjs here)' },
};

/** The option keys in table order. */
export const OPTION_KEYS = Object.keys(OPTIONS) as (keyof Settings)[];

function nonEmpty(text: string): void {
  if (text === '') throw new InvalidValue('must not be empty');
}

function checkRootPath(text: string): void {
  if (text !== '' && (!text.startsWith('/') || text.endsWith('/'))) {
    throw new InvalidValue(`must be "" or start with "/" and not end with "/", got ${show(text)}`);
  }
}

/** `--trusted-proxy` for `trustedProxy`: the option's flag. */
export function flagOf(key: keyof Settings): string {
  return `--${key.replace(/[A-Z]/g, (upper) => `-${upper.toLowerCase()}`)}`;
}

/** `TSGI_TRUSTED_PROXY` for `trustedProxy`: the option's environment variable. */
export function envOf(key: keyof Settings): string {
  return `TSGI_${key.replace(/[A-Z]/g, (upper) => `_${upper}`).toUpperCase()}`;
}
