/**
 * @module @tsgi/server — the TSGI reference server: HTTP/1.1 over `node:net`, with its own sans-IO protocol core.
 */
export { serve, type Server } from './serve.js';
export type { ServeOptions, AccessLogEntry, TlsOptions, ListenOptions } from './options.js';
export type { BoundAddress } from './transport/listener.js';
export { createConsoleLogger, silentLogger, isLogLevel, type Logger, type LogLevel } from './logger.js';
export { ServerError, StartupFailedError, ListenError, OptionsError } from './errors.js';
