/** @module HTTP-date (RFC 9110 §5.6.7): formatting and strict parsing of the three allowed forms. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = MONTHS.join('|');
const TIME = String.raw`(\d{2}):(\d{2}):(\d{2})`;

/** `Sun, 06 Nov 1994 08:49:37 GMT` — the preferred form. */
const IMF_FIXDATE = new RegExp(String.raw`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (${MONTH}) (\d{4}) ${TIME} GMT$`);
/** `Sunday, 06-Nov-94 08:49:37 GMT` — obsolete RFC 850 form, two-digit year. */
const RFC850 = new RegExp(
  String.raw`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-(${MONTH})-(\d{2}) ${TIME} GMT$`,
);
/** `Sun Nov  6 08:49:37 1994` — obsolete asctime form, day padded with a space. */
const ASCTIME = new RegExp(String.raw`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTH}) ([ \d]\d) ${TIME} (\d{4})$`);

/** Formats a time (milliseconds since the epoch) as an IMF-fixdate, truncated to the second. */
export function formatHttpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString();
}

/**
 * Parses an HTTP-date in any of the three forms a recipient must accept (RFC 9110 §5.6.7) and returns
 * milliseconds since the epoch, or `undefined` for anything else. Stricter than `Date.parse`, which would read
 * values such as `"1"` as a date; an invalid date must be ignored instead (RFC 9110 §13.1.3, §13.1.4).
 */
export function parseHttpDate(value: string): number | undefined {
  let match = IMF_FIXDATE.exec(value);
  if (match) return build(match[3]!, match[2]!, match[1]!, match[4]!, match[5]!, match[6]!);
  match = RFC850.exec(value);
  if (match) return build(fullYear(Number(match[3])), match[2]!, match[1]!, match[4]!, match[5]!, match[6]!);
  match = ASCTIME.exec(value);
  if (match) return build(match[6]!, match[1]!, match[2]!.trim(), match[3]!, match[4]!, match[5]!);
  return undefined;
}

/**
 * A two-digit RFC 850 year that would be more than 50 years in the future is the most recent past year with
 * those digits (RFC 9110 §5.6.7).
 */
function fullYear(twoDigits: number): string {
  const now = new Date().getUTCFullYear();
  let year = Math.floor(now / 100) * 100 + twoDigits;
  if (year > now + 50) year -= 100;
  return String(year);
}

function build(year: string | number, month: string, day: string, h: string, m: string, s: string): number | undefined {
  const y = Number(year);
  const mo = MONTHS.indexOf(month);
  const d = Number(day);
  const [hh, mm, ss] = [Number(h), Number(m), Number(s)];
  if (hh > 23 || mm > 59 || ss > 60) return undefined; // 60: a leap second (RFC 9110 §5.6.7)
  const ms = Date.UTC(y, mo, d, hh, mm, Math.min(ss, 59));
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo || check.getUTCDate() !== d) return undefined;
  return ms;
}
