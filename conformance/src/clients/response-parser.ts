/**
 * @module An independent, incremental HTTP/1.x response parser for the suite's raw client. It is deliberately
 * not the `@tsgi/h1` core: a suite that judged a server with the server's own parser could not see the parser's
 * bugs. It is lenient where a client may be (it reports what it saw) and strict about framing, which is what
 * the scenarios check: where the body ends, and whether the connection ended it early.
 */

/** A parsed response (final or informational). */
export interface RawResponse {
  /** `"1.1"` or `"1.0"`, from the status line. */
  readonly httpVersion: string;
  /** The status code from the status line. */
  readonly status: number;
  /** The reason phrase from the status line; `""` when absent. */
  readonly reason: string;
  /** Header fields in order, names lowercased, values as byte strings with surrounding whitespace trimmed. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** How the body was delimited on the wire. */
  readonly framing: 'none' | 'length' | 'chunked' | 'close';
  /** The body bytes (chunked coding removed). */
  readonly body: Uint8Array;
  /** `false` when the connection ended before the framing said the body was complete (a truncated response). */
  readonly complete: boolean;
  /** The exact bytes of the head (status line and header lines, including the blank line). */
  readonly rawHead: string;
  /** Trailer fields of a chunked body. */
  readonly trailers: ReadonlyArray<readonly [string, string]>;
}

/** Thrown when the bytes are not an HTTP/1.x response at all. */
export class ResponseSyntaxError extends Error {
  override readonly name = 'ResponseSyntaxError';
}

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'close' | 'done';

const CRLFCRLF = Buffer.from('\r\n\r\n');

function parseFields(lines: string[]): [string, string][] {
  return lines.map((line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ResponseSyntaxError(`bad header line ${JSON.stringify(line)}`);
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')];
  });
}

/**
 * Parses one response from a byte stream. `feed()` chunks until it returns leftover bytes (the message is
 * complete; the leftover belongs to the next response), or call `eof()` when the peer closed.
 */
export class ResponseParser {
  #state: State = 'head';
  #head = Buffer.alloc(0);
  #chunks: Buffer[] = [];
  #remaining = 0;
  #line = '';
  #trailerLines: string[] = [];
  #result: Omit<RawResponse, 'body' | 'complete' | 'trailers' | 'framing'> | null = null;
  #framing: RawResponse['framing'] = 'none';
  #complete = false;

  /** @param requestMethod the method of the request this answers (HEAD responses have no body). */
  constructor(readonly requestMethod: string = 'GET') {}

  /** Whether the message is complete (or was ended by `eof()`). */
  get done(): boolean {
    return this.#state === 'done';
  }

  /** Whether the head has been parsed. */
  get headParsed(): boolean {
    return this.#result !== null;
  }

  /** Consumes bytes. Returns the unconsumed rest once the message is complete, else `null`. */
  feed(chunk: Buffer): Buffer | null {
    let data = chunk;
    while (data.length > 0 || this.done) {
      if (this.done) return data;
      data = this.#step(data);
    }
    return this.done ? data : null;
  }

  /** The peer closed the connection: close-delimited bodies complete, anything else is truncated. */
  eof(): void {
    if (this.#state === 'done') return;
    if (this.#state === 'close') this.#complete = true;
    this.#state = 'done';
  }

  /** The response; only meaningful once `done`. Throws if the head never arrived. */
  result(): RawResponse {
    if (!this.#result) throw new ResponseSyntaxError(`no response head (got ${this.#head.length} bytes)`);
    return {
      ...this.#result,
      framing: this.#framing,
      body: Buffer.concat(this.#chunks),
      complete: this.#complete,
      trailers: parseFields(this.#trailerLines),
    };
  }

  /** Bytes of an incomplete head received so far (for error messages). */
  partialHead(): string {
    return this.#head.toString('latin1');
  }

  #finish(rest: Buffer): Buffer {
    this.#complete = true;
    this.#state = 'done';
    return rest;
  }

  #readLine(data: Buffer): { line: string; rest: Buffer } | null {
    const lf = data.indexOf(0x0a);
    if (lf < 0) {
      this.#line += data.toString('latin1');
      return null;
    }
    const line = (this.#line + data.toString('latin1', 0, lf)).replace(/\r$/, '');
    this.#line = '';
    return { line, rest: data.subarray(lf + 1) };
  }

  #step(data: Buffer): Buffer {
    switch (this.#state) {
      case 'head': {
        const before = this.#head.length;
        this.#head = Buffer.concat([this.#head, data]);
        const end = this.#head.indexOf(CRLFCRLF, Math.max(0, before - 3));
        if (end < 0) return Buffer.alloc(0);
        const rest = this.#head.subarray(end + 4);
        this.#onHead(this.#head.toString('latin1', 0, end + 4));
        return this.done ? this.#finish(rest) : rest;
      }
      case 'length': {
        const take = Math.min(this.#remaining, data.length);
        this.#chunks.push(Buffer.from(data.subarray(0, take)));
        this.#remaining -= take;
        return this.#remaining === 0 ? this.#finish(data.subarray(take)) : data.subarray(take);
      }
      case 'close':
        this.#chunks.push(Buffer.from(data));
        return Buffer.alloc(0);
      case 'chunk-size': {
        const r = this.#readLine(data);
        if (!r) return Buffer.alloc(0);
        const size = Number.parseInt(r.line.split(';')[0]!.trim(), 16);
        if (!Number.isFinite(size) || !/^[0-9a-fA-F]+$/.test(r.line.split(';')[0]!.trim())) {
          throw new ResponseSyntaxError(`bad chunk size line ${JSON.stringify(r.line)}`);
        }
        this.#remaining = size;
        this.#state = size === 0 ? 'trailers' : 'chunk-data';
        return r.rest;
      }
      case 'chunk-data': {
        const take = Math.min(this.#remaining, data.length);
        this.#chunks.push(Buffer.from(data.subarray(0, take)));
        this.#remaining -= take;
        if (this.#remaining === 0) this.#state = 'chunk-crlf';
        return data.subarray(take);
      }
      case 'chunk-crlf': {
        const r = this.#readLine(data);
        if (!r) return Buffer.alloc(0);
        if (r.line !== '') throw new ResponseSyntaxError(`chunk data not followed by CRLF: ${JSON.stringify(r.line)}`);
        this.#state = 'chunk-size';
        return r.rest;
      }
      case 'trailers': {
        const r = this.#readLine(data);
        if (!r) return Buffer.alloc(0);
        if (r.line === '') return this.#finish(r.rest);
        this.#trailerLines.push(r.line);
        return r.rest;
      }
      case 'done':
        return data;
    }
  }

  #onHead(head: string): void {
    const lines = head.slice(0, -4).split('\r\n');
    const statusLine = lines.shift() ?? '';
    const m = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) throw new ResponseSyntaxError(`bad status line ${JSON.stringify(statusLine)}`);
    const headers = parseFields(lines);
    const status = Number(m[2]);
    this.#result = { httpVersion: m[1]!, status, reason: m[3] ?? '', headers, rawHead: head };
    const te = headers.filter(([n]) => n === 'transfer-encoding').map(([, v]) => v.toLowerCase());
    const cl = headers.filter(([n]) => n === 'content-length').map(([, v]) => v);
    if (status < 200 || status === 204 || status === 304 || this.requestMethod === 'HEAD') {
      this.#framing = 'none';
      this.#state = 'done';
    } else if (te.length > 0 && te.join(',').trim().endsWith('chunked')) {
      this.#framing = 'chunked';
      this.#state = 'chunk-size';
    } else if (cl.length > 0) {
      if (new Set(cl).size !== 1 || !/^\d+$/.test(cl[0]!)) throw new ResponseSyntaxError(`bad content-length ${cl.join(', ')}`);
      this.#framing = 'length';
      this.#remaining = Number(cl[0]);
      this.#state = this.#remaining === 0 ? 'done' : 'length';
    } else {
      this.#framing = 'close';
      this.#state = 'close';
    }
  }
}

/** Value of the first header `name` (lowercase) of a response, or `undefined`. */
export function header(response: Pick<RawResponse, 'headers'>, name: string): string | undefined {
  return response.headers.find(([n]) => n === name)?.[1];
}

/** Every value of header `name` (lowercase), in order. */
export function headerAll(response: Pick<RawResponse, 'headers'>, name: string): string[] {
  return response.headers.filter(([n]) => n === name).map(([, v]) => v);
}
