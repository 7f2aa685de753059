/**
 * @module response-reader
 * The status line (RFC 9112 §4), for the client role, and its head reader.
 *
 *   status-line = HTTP-version SP status-code SP [ reason-phrase ]
 *
 * A missing SP after the status code is tolerated (some servers omit it when the reason is empty).
 */
import { CR, FIELD_VCHAR, SP, latin1 } from './grammar.js';
import { badRequest, H1RemoteProtocolError } from './errors.js';
import { HeadReader } from './head-reader.js';
import { parseHttpVersion } from './request-reader.js';
import type { H1Limits } from './limits.js';

/** The parsed status line. */
export interface StatusLine {
  /** Version; 1.2+ reported as 1.1. */
  httpVersion: '1.0' | '1.1';
  /** Three-digit status code. */
  status: number;
  /** Reason phrase (may be empty). */
  reason: string;
}

function digit(c: number | undefined): number {
  return c !== undefined && c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
}

/** Parses a status line `buf[start, end)` (CRLF stripped). Throws H1RemoteProtocolError. */
export function parseStatusLine(buf: Buffer, start: number, end: number): StatusLine {
  const sp = buf.indexOf(SP, start);
  if (sp < 0 || sp >= end) throw badRequest('H1_BAD_STATUS_LINE', 'status line without status code');
  const httpVersion = parseHttpVersion(buf, start, sp);
  const d0 = digit(buf[sp + 1]);
  const d1 = digit(buf[sp + 2]);
  const d2 = digit(buf[sp + 3]);
  const after = sp + 4;
  if (d0 < 1 || d1 < 0 || d2 < 0 || after > end || (after < end && buf[after] !== SP)) {
    throw badRequest('H1_BAD_STATUS_LINE', 'status code is not three digits (RFC 9112 §4)');
  }
  for (let i = after + 1; i < end; i++) {
    const c = buf[i]!;
    if (FIELD_VCHAR[c] === 0) {
      if (c === CR) throw badRequest('H1_BARE_CR', 'bare CR in the status line');
      throw badRequest('H1_BAD_STATUS_LINE', 'invalid byte in reason phrase');
    }
  }
  return { httpVersion, status: d0 * 100 + d1 * 10 + d2, reason: after < end ? latin1(buf, after + 1, end) : '' };
}

/** The error for a status line over the limit. */
function statusLineTooLong(): H1RemoteProtocolError {
  return new H1RemoteProtocolError('H1_BAD_STATUS_LINE', 400, 'status line too long');
}

/** Builds the head reader of the client role; the status line is limited by `maxRequestLineBytes`. */
export function createResponseHeadReader(limits: H1Limits): HeadReader<StatusLine> {
  return new HeadReader(
    parseStatusLine,
    limits.maxRequestLineBytes,
    statusLineTooLong,
    limits.maxHeaderBytes,
    limits.maxHeaderCount,
  );
}
