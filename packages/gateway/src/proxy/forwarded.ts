/**
 * @module The `Forwarded` header (RFC 7239): one field line into its elements, each with the `for`, `proto` and
 * `host` parameters this server reads. Lines are parsed one at a time, from the last, and only as far back as the
 * walk needs (see `resolve.ts`).
 */

/** One forwarded-element (RFC 7239 §4): what one proxy said about the request it received. */
export interface ForwardedElement {
  /** The `for` value, unquoted: the node the proxy received the request from; `null` when absent. */
  readonly for: string | null;
  /** The `proto` value, unquoted: the scheme of the request the proxy received. */
  readonly proto: string | null;
  /** The `host` value, unquoted: the `Host` the proxy received. */
  readonly host: string | null;
}

/** RFC 9110 §5.6.2 tchar. */
function isTchar(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) return true;
  return c === 0x21 || (c >= 0x23 && c <= 0x27) || c === 0x2a || c === 0x2b || c === 0x2d || c === 0x2e ||
    c === 0x5e || c === 0x5f || c === 0x60 || c === 0x7c || c === 0x7e;
}

/**
 * Parses one `Forwarded` field line into its elements, or `null` when any of it is not RFC 7239 §4 syntax.
 * Tolerated: empty list elements (RFC 9110 §5.6.1) and whitespace around `;` and `,`. Parameter names are
 * case-insensitive (RFC 7239 §4); a parameter given twice in one element is an error (RFC 7239 §4: MUST NOT).
 */
export function parseForwardedLine(line: string): ForwardedElement[] | null {
  const elements: ForwardedElement[] = [];
  let i = 0;
  const n = line.length;
  const skipOws = (): void => {
    while (i < n && (line.charCodeAt(i) === 0x20 || line.charCodeAt(i) === 0x09)) i++;
  };
  let forValue: string | null = null;
  let proto: string | null = null;
  let host: string | null = null;
  let seen = 0; // bit 1: for, 2: proto, 4: host, 8: by; other extension names are skipped
  let pairs = 0;
  const endElement = (): void => {
    if (pairs > 0) elements.push({ for: forValue, proto, host });
    forValue = proto = host = null;
    seen = pairs = 0;
  };
  while (true) {
    skipOws();
    if (i === n) break;
    const c = line.charCodeAt(i);
    if (c === 0x2c) {
      endElement(); // RFC 9110 §5.6.1: empty elements are ignored
      i++;
      continue;
    }
    if (c === 0x3b) {
      i++;
      continue;
    }
    // forwarded-pair = token "=" value
    const nameStart = i;
    while (i < n && isTchar(line.charCodeAt(i))) i++;
    if (i === nameStart || line.charCodeAt(i) !== 0x3d) return null;
    const name = line.slice(nameStart, i).toLowerCase();
    i++;
    let value: string;
    if (line.charCodeAt(i) === 0x22) {
      // RFC 9110 §5.6.4 quoted-string
      i++;
      value = '';
      let closed = false;
      while (i < n) {
        const q = line.charCodeAt(i);
        if (q === 0x22) {
          closed = true;
          i++;
          break;
        }
        if (q === 0x5c) {
          i++;
          if (i === n) return null;
          const e = line.charCodeAt(i);
          if (e < 0x20 ? e !== 0x09 : e === 0x7f) return null;
          value += line[i];
        } else if (q < 0x20 ? q !== 0x09 : q === 0x7f) {
          return null;
        } else {
          value += line[i];
        }
        i++;
      }
      if (!closed) return null;
    } else {
      const valueStart = i;
      while (i < n && isTchar(line.charCodeAt(i))) i++;
      if (i === valueStart) return null;
      value = line.slice(valueStart, i);
    }
    const bit = name === 'for' ? 1 : name === 'proto' ? 2 : name === 'host' ? 4 : name === 'by' ? 8 : 0;
    if ((seen & bit) !== 0) return null;
    seen |= bit;
    pairs++;
    if (bit === 1) forValue = value;
    else if (bit === 2) proto = value;
    else if (bit === 4) host = value;
    skipOws();
    if (i < n && line.charCodeAt(i) !== 0x3b && line.charCodeAt(i) !== 0x2c) return null;
  }
  endElement();
  return elements;
}
