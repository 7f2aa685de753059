/** @module The scopes: what an app is told about the connection or request it is called for. */
import type { Extensions } from './extensions.js';
import type { HeaderList } from './headers.js';
import type { TsgiVersionInfo } from './version.js';

/** State an app fills during lifespan startup; each request scope gets a shallow copy (spec: LIFESPAN-STATE). */
export type State = Record<string, unknown>;

/** The HTTP version of the request. */
export type HttpVersion = '1.0' | '1.1' | '2';

/** The `http` scope: one per request (spec: HTTP-SCOPE-*). */
export interface HttpScope {
  /** Always `"http"`. */
  readonly type: 'http';
  /** Interface and `http` protocol text versions. */
  readonly tsgi: TsgiVersionInfo;
  /** The HTTP version the request arrived with: `"1.0"`, `"1.1"` or `"2"`. */
  readonly httpVersion: HttpVersion;
  /** The request method as received; methods are case-sensitive (RFC 9110 §9.1), so `get` is not `GET`. */
  readonly method: string;
  /** `"http"` or `"https"`. */
  readonly scheme: string;
  /**
   * The request target's path, percent-decoded and decoded as UTF-8, without the query. It INCLUDES `rootPath`
   * (spec: HTTP-SCOPE-PATH-ROOT): the route inside the app is `path.slice(rootPath.length)`.
   */
  readonly path: string;
  /** The path exactly as received (byte string, no decoding), without the query. */
  readonly rawPath: string;
  /** The query string as received, without the `?`, still percent-encoded (byte string); `""` when absent. */
  readonly queryString: string;
  /** The prefix the app is mounted under, `""` at the root; never ends with `/`; `path` starts with it. */
  readonly rootPath: string;
  /** Request headers: lowercase names, byte-string values, order and duplicates preserved. */
  readonly headers: HeaderList;
  /** The peer: `[host, port]`, or `null` when unknown (for example a Unix socket). */
  readonly client: readonly [host: string, port: number] | null;
  /** The local end: `[host, port]`, `[socketPath, null]` for a Unix socket, or `null` when unknown. */
  readonly server: readonly [host: string, port: number | null] | null;
  /** Extensions the server supports for this request. */
  readonly extensions: Extensions;
  /** A shallow copy of the lifespan state; `{}` when there was no lifespan startup. */
  readonly state: State;
}

/** The `lifespan` scope: one per server process, before the first connection and after the last. */
export interface LifespanScope {
  /** Always `"lifespan"`. */
  readonly type: 'lifespan';
  /** Interface and `lifespan` protocol text versions. */
  readonly tsgi: TsgiVersionInfo;
  /** An empty object the app fills at startup; request scopes get shallow copies of it. */
  readonly state: State;
  /** Extensions the server supports for this scope; may be `{}`. */
  readonly extensions: Extensions;
}

/** Every scope a TSGI 1.0 server may call an app with. Apps MUST reject a `type` they do not know (spec: APP-UNKNOWN-SCOPE). */
export type Scope = HttpScope | LifespanScope;
