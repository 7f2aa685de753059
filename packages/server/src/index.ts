/**
 * The TSGI reference server: HTTP/1.1 and HTTP/2 over `node:net` and `node:tls`, with its own
 * sans-IO protocol cores (`@tsgi/h1`, `@tsgi/h2`).
 *
 * @module @tsgi/server
 */
export { serve } from './serve.js';
export type { ServeOptions } from './options.js';
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
