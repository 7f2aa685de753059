/**
 * @module head-reader
 * Incremental reading of a message head (start line + field section) and of a trailer section, line by line.
 *
 * Each complete line is parsed and consumed as soon as it is in the buffer, so a head that arrives in many pieces
 * is never re-scanned: the only state kept across calls is how far the search for the current line's LF got
 * (`scanned`). Size limits are checked on incomplete lines too, with bounds chosen so that splitting the input
 * anywhere yields the same result as receiving it whole (see the comments at each check).
 */
import { CR, parseFieldLine } from './grammar.js';
import { badRequest, H1RemoteProtocolError, type H1RemoteErrorCode } from './errors.js';
import type { ReceiveBuffer } from './receive-buffer.js';

/** Empty lines (CRLF) ignored before a start line (RFC 9112 §2.2 SHOULD ignore at least one). */
export const MAX_LEADING_EMPTY_LINES = 4;

/** Throws H1_BARE_LF unless the LF at `lf` is preceded by a CR that belongs to the line starting at `start`. */
function checkCrlf(rb: ReceiveBuffer, start: number, lf: number): void {
  if (lf === start || rb.buf[lf - 1] !== CR) {
    throw badRequest('H1_BARE_LF', 'bare LF as line terminator (rejected, RFC 9112 §2.2)');
  }
}

/** Reads a field section (headers or trailers) up to and including its terminating empty line. */
export class FieldSectionReader {
  /** Fields read so far. */
  fields: [string, string][] = [];
  private bytes = 0;
  private scanned = 0;

  /**
   * @param maxBytes limit on all lines together (each with its CRLF, the final empty line not counted)
   * @param maxCount limit on the field count
   * @param tooLargeCode code of the 431 error when `maxBytes` is exceeded
   */
  constructor(
    private readonly maxBytes: number,
    private readonly maxCount: number,
    private readonly tooLargeCode: H1RemoteErrorCode,
  ) {}

  /** Consumes complete lines; true once the empty line ending the section was consumed. */
  read(rb: ReceiveBuffer): boolean {
    for (;;) {
      const start = rb.pos;
      const lf = rb.indexOfLF(start + this.scanned);
      if (lf < 0) {
        const have = rb.end - start;
        this.scanned = have;
        // An incomplete line of `have` >= 2 bytes is not the empty line and, once complete, counts >= have + 1.
        if (have >= 2 && this.bytes + have + 1 > this.maxBytes) throw this.tooLarge();
        return false;
      }
      this.scanned = 0;
      if (lf - 1 === start && rb.buf[start] === CR) {
        rb.pos = lf + 1;
        return true;
      }
      // Size before syntax, so the outcome does not depend on how the input was split.
      this.bytes += lf + 1 - start;
      if (this.bytes > this.maxBytes) throw this.tooLarge();
      checkCrlf(rb, start, lf);
      rb.pos = lf + 1;
      if (this.fields.length >= this.maxCount) {
        throw new H1RemoteProtocolError('H1_TOO_MANY_HEADERS', 431, `more than ${this.maxCount} fields`);
      }
      parseFieldLine(rb.buf, start, lf - 1, this.fields);
    }
  }

  /** Starts a new, empty section. */
  reset(): void {
    this.fields = [];
    this.bytes = 0;
    this.scanned = 0;
  }

  private tooLarge(): H1RemoteProtocolError {
    return new H1RemoteProtocolError(this.tooLargeCode, 431, `field section larger than ${this.maxBytes} bytes`);
  }
}

/** Parses a start line `buf[start, end)` (CRLF stripped) into T, or throws H1RemoteProtocolError. */
export type StartLineParser<T> = (buf: Buffer, start: number, end: number) => T;

/** Reads a start line (skipping a few leading empty lines) followed by a header section. */
export class HeadReader<T> {
  private startLine: T | null = null;
  private scanned = 0;
  private emptyLines = 0;
  private readonly section: FieldSectionReader;

  /**
   * @param parse start-line parser
   * @param maxStartLine limit on the start line without CRLF
   * @param tooLong builds the error for an over-long start line from the limit (a shared function, not a closure
   *   per connection: an idle connection keeps its reader)
   * @param maxHeaderBytes limit of the header section
   * @param maxHeaderCount limit of the header count
   */
  constructor(
    private readonly parse: StartLineParser<T>,
    private readonly maxStartLine: number,
    private readonly tooLong: (maxStartLine: number) => H1RemoteProtocolError,
    maxHeaderBytes: number,
    maxHeaderCount: number,
  ) {
    this.section = new FieldSectionReader(maxHeaderBytes, maxHeaderCount, 'H1_HEADER_TOO_LARGE');
  }

  /** Consumes what it can; returns the start line once the head is complete (the headers are in `fields`), else null. */
  read(rb: ReceiveBuffer): T | null {
    while (this.startLine === null) {
      const start = rb.pos;
      const lf = rb.indexOfLF(start + this.scanned);
      if (lf < 0) {
        const have = rb.end - start;
        this.scanned = have;
        // Without an LF in the first maxStartLine + 2 bytes, the line (once complete) exceeds maxStartLine.
        if (have >= this.maxStartLine + 2) throw this.tooLong(this.maxStartLine);
        return null;
      }
      this.scanned = 0;
      // Length before syntax, so the outcome does not depend on how the input was split.
      if (lf - 1 - start > this.maxStartLine) throw this.tooLong(this.maxStartLine);
      checkCrlf(rb, start, lf);
      rb.pos = lf + 1;
      if (lf - 1 === start) {
        if (++this.emptyLines > MAX_LEADING_EMPTY_LINES) {
          throw badRequest('H1_BAD_REQUEST_LINE', 'too many empty lines before the start line');
        }
        continue;
      }
      this.startLine = this.parse(rb.buf, start, lf - 1);
    }
    if (!this.section.read(rb)) return null;
    return this.startLine;
  }

  /** The header fields read so far: all of them once `read` returned the start line (until `reset`). */
  get fields(): [string, string][] {
    return this.section.fields;
  }

  /** True if part of a head has been consumed (EOF now would be mid-message). */
  get started(): boolean {
    return this.startLine !== null;
  }

  /** Prepares for the next message. */
  reset(): void {
    this.startLine = null;
    this.scanned = 0;
    this.emptyLines = 0;
    this.section.reset();
  }
}
