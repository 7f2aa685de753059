/**
 * @module writer
 * Serialization: message heads (with validation of outgoing names and values), the framing plan of a response
 * (RFC 9112 §6, §9.3) and the body writer for each framing. Output is latin1 bytes; payload bytes are passed
 * through as given (a list, for writev without copying).
 */
import { isFieldValueString, isTokenString } from './grammar.js';
import { H1LocalProtocolError } from './errors.js';
import { parseContentLength, responseHasNoBody } from './framing.js';
import { statusPhrase } from './status-phrases.js';

/** Body framing of an outgoing message. 'none': no body bytes go out; 'close': delimited by closing. */
export type OutgoingKind = 'none' | 'length' | 'chunked' | 'close';

const CRLF = Buffer.from('\r\n', 'latin1');
const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');
const EMPTY = new Uint8Array(0);

/** Header names the server core owns: removed from caller headers and written by the core (RFC 9110 §7.6.1). */
const CONNECTION_OWNED = new Set(['transfer-encoding', 'connection', 'keep-alive', 'proxy-connection', 'upgrade']);

/** What a response or interim head leaves out of the caller's fields besides CONNECTION_OWNED. */
const enum Skip {
  /** Only the connection-owned fields. */
  Owned,
  /** Those and content-length (204 and 1xx, RFC 9110 §8.6). */
  OwnedAndLength,
}

/**
 * Whether the core writes `name` itself (or drops it). Only names of the lengths of those fields are lowercased:
 * the other fields of a response cost a length check (encodeHead was the largest h1 self time in the hello profile).
 */
function isSkipped(name: string, skip: Skip): boolean {
  switch (name.length) {
    case 7: // upgrade
    case 10: // connection, keep-alive
    case 16: // proxy-connection
    case 17: // transfer-encoding
      return CONNECTION_OWNED.has(name.toLowerCase());
    case 14:
      return skip === Skip.OwnedAndLength && name.toLowerCase() === 'content-length';
    default:
      return false;
  }
}

/** Appends a response's or interim response's fields: validated, without the fields `skip` names. */
function appendResponseFields(out: string, headers: ReadonlyArray<readonly [string, string]>, skip: Skip): string {
  for (let i = 0; i < headers.length; i++) {
    const field = headers[i]!;
    const name = field[0];
    const value = field[1];
    if (!isTokenString(name)) throw new H1LocalProtocolError('H1_INVALID_HEADER', `invalid header name ${JSON.stringify(name)}`);
    if (!isFieldValueString(value)) throw new H1LocalProtocolError('H1_INVALID_HEADER', `invalid value for header ${name}`);
    if (isSkipped(name, skip)) continue;
    out += name + ': ' + value + '\r\n';
  }
  return out;
}

/** Appends `name: value\r\n` lines to `out` after validating them; names whose lowercase form `skip` accepts are left out. */
function appendFields(
  out: string,
  headers: ReadonlyArray<readonly [string, string]>,
  skip: ((lower: string) => boolean) | null,
): string {
  for (const [name, value] of headers) {
    if (!isTokenString(name)) throw new H1LocalProtocolError('H1_INVALID_HEADER', `invalid header name ${JSON.stringify(name)}`);
    if (!isFieldValueString(value)) throw new H1LocalProtocolError('H1_INVALID_HEADER', `invalid value for header ${name}`);
    if (skip !== null && skip(name.toLowerCase())) continue;
    out += `${name}: ${value}\r\n`;
  }
  return out;
}

/** Encodes a head: the start line (without CRLF), the fields, `extra` (already CRLF-terminated lines), CRLF. */
export function encodeHead(
  startLine: string,
  headers: ReadonlyArray<readonly [string, string]>,
  extra = '',
  skip: ((lower: string) => boolean) | null = null,
): Buffer {
  return Buffer.from(appendFields(startLine + '\r\n', headers, skip) + extra + '\r\n', 'latin1');
}

/** The single valid content-length among `headers`, -1 if none; throws H1LocalProtocolError if several or invalid. */
function outgoingContentLength(headers: ReadonlyArray<readonly [string, string]>): number {
  let found = -1;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i]![0];
    if (name.length !== 14 || name.toLowerCase() !== 'content-length') continue;
    const n = parseContentLength(headers[i]![1]);
    if (n < 0 || found >= 0) throw new H1LocalProtocolError('H1_BAD_CONTENT_LENGTH', 'content-length must be one 1*DIGIT value');
    found = n;
  }
  return found;
}

/** The result of planning a response. */
export interface ResponsePlan {
  /** The serialized head, as a latin1 string (one char per octet). */
  head: string;
  /** Body framing. */
  kind: OutgoingKind;
  /** Content-length for kind 'length', else -1. */
  length: number;
  /** Whether the connection persists after this response. */
  keepAlive: boolean;
}

/** What the server knows of the request being answered. */
export interface RequestContext {
  /** Request method. */
  readonly method: string;
  /** Request version. */
  readonly httpVersion: '1.0' | '1.1';
  /** Persistence asked for by the request. */
  readonly keepAlive: boolean;
}

/** Status lines with the standard phrase, made once per status code. */
const STATUS_LINES: string[] = [];

/** Validates a status code and returns the status line text (no CRLF). */
function statusLine(status: number, reason: string | undefined): string {
  if (!Number.isInteger(status) || status < 100 || status > 999 || status === 101) {
    throw new H1LocalProtocolError('H1_INVALID_STATUS', `invalid or unsupported status ${status}`);
  }
  if (reason === undefined) {
    const cached = STATUS_LINES[status];
    if (cached !== undefined) return cached;
  }
  const phrase = reason ?? statusPhrase(status);
  if (!isFieldValueString(phrase)) throw new H1LocalProtocolError('H1_INVALID_STATUS', 'reason has CR, LF or NUL');
  const line = `HTTP/1.1 ${status} ${phrase}`;
  if (reason === undefined) STATUS_LINES[status] = line;
  return line;
}

/**
 * The last planned head, for the next response with the same status and the same field strings (most responses
 * of a server repeat the previous one's head, the date changing once a second): its fields are then known valid
 * and its serialization and content-length known, so the head is reused instead of validated and built again
 * (planResponse was the largest h1 self time under the hello load). Strings compare by identity first, so the
 * check costs a few pointer compares when the app sends its constant fields; equal contents match too, so the
 * reuse is exact for any input.
 */
const last = { status: -1, extra: '', fields: [] as string[], head: '', length: -1 };

/** Whether `headers` holds the same name and value strings, in the same order, as `flat` (`[n0, v0, n1, v1…]`). */
function sameFields(flat: readonly string[], headers: ReadonlyArray<readonly [string, string]>): boolean {
  if (flat.length !== headers.length * 2) return false;
  for (let i = 0, j = 0; i < headers.length; i++, j += 2) {
    const field = headers[i]!;
    if (field[0] !== flat[j] || field[1] !== flat[j + 1]) return false;
  }
  return true;
}

function flatten(headers: ReadonlyArray<readonly [string, string]>): string[] {
  const flat: string[] = new Array(headers.length * 2);
  for (let i = 0; i < headers.length; i++) {
    flat[2 * i] = headers[i]![0];
    flat[2 * i + 1] = headers[i]![1];
  }
  return flat;
}

/**
 * Plans a final response (status >= 200): the core picks the framing (see H1ServerConnection.writeHead), removes
 * connection-owned headers and writes its own `connection` header.
 */
export function planResponse(
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
  req: RequestContext,
  close: boolean,
  reason?: string,
): ResponsePlan {
  const reuse = reason === undefined && status === last.status && sameFields(last.fields, headers);
  const line = reuse ? '' : statusLine(status, reason);
  const length = reuse ? last.length : outgoingContentLength(headers);
  let kind: OutgoingKind;
  if (responseHasNoBody(status, req.method)) kind = 'none';
  else if (length >= 0) kind = 'length';
  else if (req.httpVersion === '1.1') kind = 'chunked';
  else kind = 'close';
  const keepAlive = req.keepAlive && !close && kind !== 'close';
  // Constant strings: the four combinations compare by identity below.
  const extra =
    kind === 'chunked'
      ? keepAlive
        ? req.httpVersion === '1.0' ? 'transfer-encoding: chunked\r\nconnection: keep-alive\r\n' : 'transfer-encoding: chunked\r\n'
        : 'transfer-encoding: chunked\r\nconnection: close\r\n'
      : keepAlive
        ? req.httpVersion === '1.0' ? 'connection: keep-alive\r\n' : ''
        : 'connection: close\r\n';
  let head: string;
  if (reuse && extra === last.extra) {
    head = last.head;
  } else {
    const skip = status === 204 ? Skip.OwnedAndLength : Skip.Owned; // RFC 9110 §8.6: no content-length in 204 (or 1xx)
    head = appendResponseFields((line || statusLine(status, reason)) + '\r\n', headers, skip) + extra + '\r\n';
    if (reason === undefined) {
      last.status = status;
      last.extra = extra;
      last.fields = reuse ? last.fields : flatten(headers);
      last.head = head;
      last.length = length;
    }
  }
  return { head, kind, length: kind === 'length' ? length : -1, keepAlive };
}

/** Encodes an interim 1xx response (not 101); framing and connection headers are left out. */
export function encodeInformational(status: number, headers: ReadonlyArray<readonly [string, string]>, reason?: string): Buffer {
  const line = statusLine(status, reason);
  return Buffer.from(appendResponseFields(line + '\r\n', headers, Skip.OwnedAndLength) + '\r\n', 'latin1');
}

/** A small error response: text/plain body (the reason phrase), content-length, `connection: close`. */
export function encodeErrorResponse(status: number): Buffer {
  const phrase = statusPhrase(status) || 'Error';
  const line = statusLine(status, phrase);
  return Buffer.from(
    `${line}\r\ncontent-type: text/plain\r\ncontent-length: ${phrase.length}\r\nconnection: close\r\n\r\n${phrase}`,
    'latin1',
  );
}

/** Writes body bytes with a given framing and checks the declared length. */
export class BodyWriter {
  private remaining: number;

  /** @param kind the framing; @param length the content-length for kind 'length'. */
  constructor(readonly kind: OutgoingKind, length: number) {
    this.remaining = length;
  }

  /** Bytes to send for `data` (possibly none). Throws H1_LENGTH_OVER past the content-length. */
  write(data: Uint8Array): Uint8Array[] {
    if (data.length === 0 || this.kind === 'none') return [];
    if (this.kind === 'length') {
      if (data.length > this.remaining) {
        throw new H1LocalProtocolError('H1_LENGTH_OVER', 'more body bytes than content-length');
      }
      this.remaining -= data.length;
      return [data];
    }
    if (this.kind === 'chunked') return [Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, CRLF];
    return [data];
  }

  /** Bytes that end the body. Throws H1_LENGTH_UNDER if fewer than content-length bytes were written. */
  end(trailers?: ReadonlyArray<readonly [string, string]>): Uint8Array {
    if (this.kind === 'length' && this.remaining > 0) {
      throw new H1LocalProtocolError('H1_LENGTH_UNDER', `${this.remaining} body bytes missing`);
    }
    if (this.kind !== 'chunked') return EMPTY;
    if (trailers === undefined || trailers.length === 0) return LAST_CHUNK;
    return encodeHead('0', trailers);
  }
}
