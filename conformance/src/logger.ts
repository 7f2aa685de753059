/**
 * @module A capturing logger. Its shape is the common `{ error, warn, info, debug }` logger most servers accept;
 * scenarios pass it to the target so they can check what the server logged and at which level.
 */

/** Log levels, most severe first. */
export type CapturedLevel = 'error' | 'warn' | 'info' | 'debug';

/** One captured log call. */
export interface LogEntry {
  /** The level of the call (`error`, `warn`, `info` or `debug`). */
  readonly level: CapturedLevel;
  /** The message as logged. */
  readonly message: string;
  /** The error object handed to `error(message, error)`, if any. */
  readonly error?: unknown;
}

/** The logger interface a target receives (structurally the reference server's `Logger`). */
export interface ConformanceLogger {
  /** Logs a failure, with the thrown value if any. */
  error(message: string, error?: unknown): void;
  /** Logs a warning. */
  warn(message: string): void;
  /** Logs information. */
  info(message: string): void;
  /** Logs detail for diagnosis. */
  debug(message: string): void;
}

/** A logger that records every call. */
export class CaptureLogger implements ConformanceLogger {
  /** Every call so far, in order. */
  readonly entries: LogEntry[] = [];
  /** Records an `error` entry (with `error` when given). */
  error(message: string, error?: unknown): void {
    this.entries.push(error === undefined ? { level: 'error', message } : { level: 'error', message, error });
  }
  /** Records a `warn` entry. */
  warn(message: string): void {
    this.entries.push({ level: 'warn', message });
  }
  /** Records an `info` entry. */
  info(message: string): void {
    this.entries.push({ level: 'info', message });
  }
  /** Records a `debug` entry. */
  debug(message: string): void {
    this.entries.push({ level: 'debug', message });
  }
  /** Entries at `level`. */
  at(level: CapturedLevel): LogEntry[] {
    return this.entries.filter((e) => e.level === level);
  }
  /** All text of an entry: message plus the error's message and stack. */
  static textOf(entry: LogEntry): string {
    const e = entry.error;
    const extra = e instanceof Error ? `\n${e.message}\n${e.stack ?? ''}` : e === undefined ? '' : `\n${String(e)}`;
    return entry.message + extra;
  }
  /** Whether some entry at `level` mentions `needle` in its message or error. */
  has(level: CapturedLevel, needle: string): boolean {
    return this.at(level).some((e) => CaptureLogger.textOf(e).includes(needle));
  }
}
