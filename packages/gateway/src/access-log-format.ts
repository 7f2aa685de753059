/**
 * @module The access-log line formats: NCSA common and combined (as Apache and nginx write them) and JSON lines.
 * Request fields are byte strings a client chose, so every quoted field is escaped the way nginx escapes them
 * (`"` and `\` with a backslash, other bytes below 0x20 or from 0x7f as `\xHH`): a client cannot end a field or
 * start a line of its own.
 */
import type { AccessLogEntry } from './options.js';

/** The built-in formats of the `accessLog` option. */
export type AccessLogFormat = 'common' | 'combined' | 'json';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** CLF time, always UTC: `10/Oct/2000:13:55:36 +0000`. */
export function clfTime(time: Date): string {
  return (
    `${two(time.getUTCDate())}/${MONTHS[time.getUTCMonth()]}/${time.getUTCFullYear()}:` +
    `${two(time.getUTCHours())}:${two(time.getUTCMinutes())}:${two(time.getUTCSeconds())} +0000`
  );
}

function needsEscape(c: number): boolean {
  return c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c;
}

/** Escapes a byte string for a quoted log field: `"` → `\"`, `\` → `\\`, bytes < 0x20 and >= 0x7f → `\xHH`. */
export function escapeLogField(value: string): string {
  let i = 0;
  while (i < value.length && !needsEscape(value.charCodeAt(i))) i++;
  if (i === value.length) return value; // the common case: nothing to escape, no copy
  let out = value.slice(0, i);
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!needsEscape(c)) out += value[i];
    else if (c === 0x22 || c === 0x5c) out += `\\${value[i]}`;
    // Byte strings hold code units up to 0xFF only; anything above is not a byte and gets `\uHHHH`.
    else if (c <= 0xff) out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

function quoted(value: string | null): string {
  return value === null ? '"-"' : `"${escapeLogField(value)}"`;
}

function requestLine(e: AccessLogEntry): string {
  return `"${escapeLogField(e.method)} ${escapeLogField(e.target)} HTTP/${e.httpVersion}"`;
}

function seconds(e: AccessLogEntry): string {
  return (e.durationMs / 1000).toFixed(3);
}

/**
 * NCSA common log format, then the request time: `host ident authuser [time] "request" status bytes seconds`,
 * e.g. `192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 2326 0.004`. `bytes` is the body bytes
 * sent (0 rather than `-` for none, as nginx's `$body_bytes_sent`); the last field is the duration in seconds with
 * millisecond resolution, as nginx's `$request_time`.
 */
export function formatCommon(e: AccessLogEntry): string {
  return `${e.clientAddress ?? '-'} - - [${clfTime(e.time)}] ${requestLine(e)} ${e.status} ${e.bytes} ${seconds(e)}`;
}

/** The combined format: common, then `"referer" "user-agent"` (`"-"` when absent), then the request time. */
export function formatCombined(e: AccessLogEntry): string {
  return (
    `${e.clientAddress ?? '-'} - - [${clfTime(e.time)}] ${requestLine(e)} ${e.status} ${e.bytes} ` +
    `${quoted(e.referer)} ${quoted(e.userAgent)} ${seconds(e)}`
  );
}

/** One JSON object with every field of the entry; `time` as ISO 8601. JSON escaping keeps it on one line. */
export function formatJson(e: AccessLogEntry): string {
  return JSON.stringify({
    time: e.time.toISOString(),
    client: e.client,
    clientAddress: e.clientAddress,
    method: e.method,
    target: e.target,
    httpVersion: e.httpVersion,
    status: e.status,
    bytes: e.bytes,
    durationMs: Math.round(e.durationMs * 1000) / 1000,
    referer: e.referer,
    userAgent: e.userAgent,
    host: e.host,
  });
}

const FORMATTERS: Record<AccessLogFormat, (e: AccessLogEntry) => string> = {
  common: formatCommon,
  combined: formatCombined,
  json: formatJson,
};

/** Whether `value` names a built-in format. */
export function isAccessLogFormat(value: unknown): value is AccessLogFormat {
  return typeof value === 'string' && Object.hasOwn(FORMATTERS, value);
}

/** A logger writing each entry in `format` to stdout, one `write` per line so lines of concurrent requests never mix. */
export function stdoutAccessLog(format: AccessLogFormat): (entry: AccessLogEntry) => void {
  const formatter = FORMATTERS[format];
  return (entry) => {
    process.stdout.write(`${formatter(entry)}\n`);
  };
}
