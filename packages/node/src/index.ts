/**
 * A TSGI server on Node's built-in `node:http` and `node:http2`: HTTP/1.1 and h2c by prior
 * knowledge on cleartext listeners, h2 and HTTP/1.1 by ALPN over TLS. Same `serve()` options and result as the
 * reference server (`@tsgi/server`); the spec's half of the work is `@tsgi/gateway`'s, shared with it.
 *
 * @module @tsgi/node
 */
export { serve } from './serve.js';
export type { ServeOptions, NodeH2Options } from './options.js';
export {
  createConsoleLogger,
  silentLogger,
  isLogLevel,
  ServerError,
  StartupFailedError,
  ListenError,
  OptionsError,
  type Server,
  type BoundAddress,
  type Logger,
  type LogLevel,
  type AccessLogEntry,
  type TlsOptions,
  type ListenOptions,
} from '@tsgi/gateway';
