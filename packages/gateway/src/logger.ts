/** @module Logging: a small leveled logger interface and the console implementation the CLI uses. */

/** Log levels, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const RANK: Record<LogLevel | 'silent', number> = { silent: -1, error: 0, warn: 1, info: 2, debug: 3 };

/** What the server logs through; pass your own to `serve()` to route logs elsewhere. */
export interface Logger {
  /** A failure: an app error, a failed lifespan; `error` is the thrown value, logged with its stack. */
  error(message: string, error?: unknown): void;
  /** Something the server corrected or gave up on, such as a broken body rule (HTTP-RESP-RULE-POLICY). */
  warn(message: string): void;
  /** Start-up, listening addresses, shutdown. */
  info(message: string): void;
  /** Detail for diagnosis, such as a client that disconnected (FLOW-DISCONNECT-NOT-LOGGED). */
  debug(message: string): void;
}

/** Whether `value` is a known level name (for option parsing). */
export function isLogLevel(value: string): value is LogLevel | 'silent' {
  return Object.hasOwn(RANK, value);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** A logger writing to stderr, dropping messages below `level`. */
export function createConsoleLogger(level: LogLevel | 'silent' = 'info'): Logger {
  const max = RANK[level];
  const write = (lvl: LogLevel, message: string): void => {
    if (RANK[lvl] <= max) process.stderr.write(`[tsgi] ${lvl.toUpperCase().padEnd(5)} ${message}\n`);
  };
  return {
    error: (message, error) => write('error', error === undefined ? message : `${message}\n${describe(error)}`),
    warn: (message) => write('warn', message),
    info: (message) => write('info', message),
    debug: (message) => write('debug', message),
  };
}

/** A logger that drops everything (the default for `serve()` in tests). */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
