/**
 * @module The server's logger for `--log-format json`: pino writing one JSON object per line to stderr (stdout
 * carries only the access log). Imported only when asked for, so text logging does not load pino.
 */
import type { Logger, LogLevel } from '@tsgi/server';
import { pino } from 'pino';

/**
 * A {@link Logger} writing JSON lines to stderr through pino: `{"level":"info","time":"...","pid":1,"msg":"..."}`;
 * an error's `err` carries its type, message and stack.
 */
export function createJsonLogger(level: LogLevel | 'silent'): Logger {
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names rather than pino's numbers: log collectors and people read `"level":"warn"`.
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous, so the lines written just before the process exits (a failed start-up) are not lost.
    pino.destination({ dest: 2, sync: true }),
  );
  return {
    error: (message, error) => (error === undefined ? logger.error(message) : logger.error({ err: error }, message)),
    warn: (message) => logger.warn(message),
    info: (message) => logger.info(message),
    debug: (message) => logger.debug(message),
  };
}
