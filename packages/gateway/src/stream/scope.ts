/** @module Builds the `http` scope of one request (spec: HTTP-SCOPE-*). */
import {
  HTTP_SPEC_VERSION,
  TSGI_VERSION,
  type Extensions,
  type HeaderField,
  type HttpScope,
  type HttpVersion,
  type State,
  type TsgiVersionInfo,
} from '@tsgi/spec';
import { splitTarget } from './target.js';
import { resolveProxied, type ProxyHeaderFamily } from '../proxy/resolve.js';
import type { ProxyTrust } from '../proxy/trust.js';

const HTTP_TSGI: TsgiVersionInfo = Object.freeze({ version: TSGI_VERSION, specVersion: HTTP_SPEC_VERSION });
/** A server that supports no extension advertises an empty object (spec: EXT-ADVERTISED). */
const NO_EXTENSIONS: Extensions = Object.freeze({});

/** What the connection knows, shared by every request on it. */
export interface ConnectionInfo {
  /** `"https"` on a TLS listener, else `"http"`; becomes `scope.scheme`. */
  readonly scheme: 'http' | 'https';
  /** The peer's `[address, port]`, or `null` when unknown; becomes `scope.client`. */
  readonly client: readonly [string, number] | null;
  /** The local `[address, port]` (port `null` for a Unix socket), or `null` when unknown; becomes `scope.server`. */
  readonly server: readonly [string, number | null] | null;
}

/** What the server knows, shared by every request. */
export interface ServerInfo {
  /** The prefix the app is mounted under (validated `rootPath` option); becomes `scope.rootPath`. */
  readonly rootPath: string;
  /** The lifespan state; each request gets a shallow copy (spec: HTTP-SCOPE-STATE). */
  readonly state: State;
  /** The trusted proxies and the headers they set; absent or `null` when `trustedProxies` is empty. */
  readonly proxy?: TrustedProxies | null;
}

/** The `trustedProxies` and `proxyHeaders` options, parsed once when the server launches. */
export interface TrustedProxies {
  /** Which peers are trusted. */
  readonly trust: ProxyTrust;
  /** Which header family they set. */
  readonly family: ProxyHeaderFamily;
}

/** A fresh scope for one request. `target` and header values are byte strings. */
export function buildHttpScope(
  method: string,
  target: string,
  httpVersion: HttpVersion,
  headers: HeaderField[],
  connection: ConnectionInfo,
  server: ServerInfo,
  /** What the server supports for this request (see `advertisedExtensions`); default none. */
  extensions: Extensions = NO_EXTENSIONS,
): HttpScope {
  const { path, rawPath, queryString } = splitTarget(target, server.rootPath);
  let client = connection.client;
  let scheme = connection.scheme;
  const proxy = server.proxy;
  if (proxy != null) {
    // spec SERVER-PROXY-TRUST, SERVER-PROXY-CHAIN: only when proxies are trusted; nothing is read otherwise
    const proxied = resolveProxied(headers, client, proxy.trust, proxy.family);
    if (proxied !== null) {
      if (proxied.client !== null) client = proxied.client;
      if (proxied.scheme !== null) scheme = proxied.scheme;
      if (proxied.host !== null) replaceHost(headers, proxied.host);
    }
  }
  return {
    type: 'http',
    tsgi: HTTP_TSGI,
    httpVersion,
    method,
    scheme,
    path,
    rawPath,
    queryString,
    rootPath: path === '*' ? '' : server.rootPath, // `OPTIONS *` is not under any prefix
    headers,
    client,
    server: connection.server,
    extensions,
    state: { ...server.state },
  };
}

/** Puts `host` in place of the first `host` field's value, or first in the list when there is none. */
function replaceHost(headers: HeaderField[], host: string): void {
  for (let i = 0; i < headers.length; i++) {
    if (headers[i]![0] === 'host') {
      headers[i] = ['host', host];
      return;
    }
  }
  headers.unshift(['host', host]);
}
