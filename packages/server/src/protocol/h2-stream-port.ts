/**
 * @module One HTTP/2 stream seen from the stream layer: request DATA queued until the app pulls it (flow-control
 * credit is given back only then, so an upload never buffers more than the window we advertised), and response
 * DATA sent within the peer's windows, the rest held until a WINDOW_UPDATE.
 */
import type { FinishedStream, HttpStream, ResponseHead, StreamObserver, StreamPort } from '@tsgi/gateway';
import type { HttpScope } from '@tsgi/spec';

const EMPTY = new Uint8Array(0);

/** A new list of `first` then `rest`, allocated at its exact size. */
export function prepend<T>(first: T, rest: readonly T[]): T[] {
  const list = new Array<T>(rest.length + 1);
  list[0] = first;
  for (let i = 0; i < rest.length; i++) list[i + 1] = rest[i]!;
  return list;
}

/** The queue of every port that never got request DATA: never written (see `onData`). */
const NO_QUEUE: Array<{ data: Uint8Array; credit: number }> = [];

/** The `:status` field of each status code, made once (a string and a pair per response were garbage). */
const STATUS_FIELDS: Array<readonly [string, string] | undefined> = [];

/** The shared, never-written `[':status', code]` pair of `status` (a fresh one outside 100-999: no sparse table). */
function statusField(status: number): readonly [string, string] {
  if (!Number.isInteger(status) || status < 100 || status > 999) return [':status', String(status)];
  return (STATUS_FIELDS[status] ??= [':status', String(status)]);
}

/** What a stream port needs from its connection. */
export interface H2StreamHost {
  sendHeaders(streamId: number, headers: Array<readonly [string, string]>, endStream: boolean): void;
  /** A HEADERS frame with END_STREAM after the DATA (RFC 9113 §8.1). */
  sendTrailers(streamId: number, trailers: Array<readonly [string, string]>): void;
  /**
   * Bytes taken within the windows. When all of `data` is taken, `release` (if any) is called once it has been
   * written to the socket: DATA payloads are queued as views of the chunk (no copy), and pathsend reuses a released
   * chunk's buffer for its next read.
   */
  sendData(streamId: number, data: Uint8Array, endStream: boolean, release: (() => void) | null): number;
  acknowledge(streamId: number, bytes: number): void;
  reset(streamId: number, errorCode: number): void;
  /** Whether the socket can take more without passing the write bound. */
  readonly writable: boolean;
  streamDone(port: H2StreamPort, stream: FinishedStream): void;
}

/** The port of one request stream. */
export class H2StreamPort implements StreamPort, StreamObserver {
  stream: HttpStream | null = null;
  /** Request DATA not yet taken by the app; the shared empty {@link NO_QUEUE} until the first (a GET has none). */
  #queue: Array<{ data: Uint8Array; credit: number }> = NO_QUEUE;
  #ended = false;
  #wanted = false;
  /** Response bytes the windows did not take yet, and the release of the chunk they are part of. */
  #pending: { data: Uint8Array; end: boolean; release: (() => void) | null } | null = null;
  /** Trailers waiting for held DATA to leave first. */
  #trailers: Array<readonly [string, string]> | null = null;
  /** What the stream layer reported at the end; held until the last DATA has left (flow control may delay it). */
  #finished: FinishedStream | null = null;
  readonly startedAt = performance.now();

  constructor(
    readonly id: number,
    private readonly host: H2StreamHost,
    /** The request's scope, for its access-log entry. */
    readonly scope: HttpScope,
    readonly target: string,
  ) {}

  /** Response bytes are waiting for the peer's flow-control window. */
  get blocked(): boolean {
    return this.#pending !== null;
  }

  /** Whether the request body has fully arrived. */
  get requestEnded(): boolean {
    return this.#ended;
  }

  // ---- from the connection ----

  /** Request DATA; `credit` is what to acknowledge once the app has taken it (the core returns padding itself). */
  onData(data: Uint8Array, credit: number, end: boolean): void {
    if (end) this.#ended = true;
    if (data.byteLength > 0 || credit > 0) {
      if (this.#queue === NO_QUEUE) this.#queue = [];
      this.#queue.push({ data, credit });
    }
    if (this.#wanted) this.#deliver();
  }

  /** The request ended (END_STREAM on HEADERS or trailers). */
  onEnd(): void {
    this.#ended = true;
    if (this.#wanted) this.#deliver();
  }

  /** The windows grew or the socket drained: send what is held, then let the app go on. */
  retry(): void {
    const pending = this.#pending;
    if (pending !== null) {
      const taken = this.host.sendData(this.id, pending.data, pending.end, pending.release);
      if (taken < pending.data.byteLength) {
        this.#pending = { data: pending.data.subarray(taken), end: pending.end, release: pending.release };
        return;
      }
      this.#pending = null;
      if (this.#trailers !== null) {
        this.host.sendTrailers(this.id, this.#trailers);
        this.#trailers = null;
      }
      if (this.#finished !== null) {
        this.host.streamDone(this, this.#finished);
        this.stream?.onDrain(); // the app's last send() waited for these bytes to leave
        return;
      }
    }
    if (this.host.writable) this.stream?.onDrain();
  }

  /** Empties the request queue and returns the bytes never acknowledged, so the connection window gets them back. */
  releaseCredit(): number {
    let owed = 0;
    for (const item of this.#queue) owed += item.credit;
    this.#queue = NO_QUEUE;
    return owed;
  }

  // ---- StreamPort ----

  pullBody(): void {
    this.#wanted = true;
    this.#deliver();
  }

  #deliver(): void {
    const next = this.#queue.shift();
    if (next !== undefined) {
      this.#wanted = false;
      if (next.credit > 0) this.host.acknowledge(this.id, next.credit);
      this.stream?.onBody(next.data, !(this.#ended && this.#queue.length === 0));
    } else if (this.#ended) {
      this.#wanted = false;
      this.stream?.onBody(EMPTY, false);
    }
  }

  start(head: ResponseHead, chunk: Uint8Array, end: boolean, release?: () => void): boolean {
    // `close` means nothing on h2 (RFC 9113 §8.2.2). The list is made at its exact size: pushing onto [status]
    // grew its storage by 16 slots per response, and concat() is four times slower than this copy.
    const headers = prepend(statusField(head.status), head.headers);
    const headersOnly = end && chunk.byteLength === 0;
    this.host.sendHeaders(this.id, headers, headersOnly);
    if (headersOnly) {
      release?.();
      return this.host.writable;
    }
    return this.write(chunk, end, release);
  }

  write(chunk: Uint8Array, end: boolean, release?: () => void): boolean {
    const pending = this.#pending;
    if (pending !== null) {
      // Still waiting on the window: keep order by appending (the stream layer awaits drain, so this is rare).
      const merged = new Uint8Array(pending.data.byteLength + chunk.byteLength);
      merged.set(pending.data);
      merged.set(chunk, pending.data.byteLength);
      // Both chunks are copied; the first's release is dropped (its queued part may still be unwritten), which
      // only leaves its buffer to the collector.
      this.#pending = { data: merged, end, release: null };
      release?.();
      return false;
    }
    const taken = this.host.sendData(this.id, chunk, end, release ?? null);
    if (taken < chunk.byteLength) {
      this.#pending = { data: chunk.subarray(taken), end, release: release ?? null };
      return false;
    }
    return this.host.writable;
  }

  finish(trailers: Array<readonly [string, string]>): boolean {
    if (trailers.length === 0) return this.write(EMPTY, true); // nothing to send: END_STREAM on an empty DATA
    if (this.#pending !== null) this.#trailers = trailers; // after the held DATA
    else this.host.sendTrailers(this.id, trailers);
    return this.host.writable;
  }

  earlyHints(headers: Array<readonly [string, string]>): void {
    this.host.sendHeaders(this.id, [[':status', '103'], ...headers], false); // RFC 8297 over RFC 9113 §8.1
  }

  abort(_reason: string): void {
    this.host.reset(this.id, 0x2); // INTERNAL_ERROR: the response was cut off (spec APP-ERROR-AFTER-START)
  }

  // ---- StreamObserver ----

  onResponseDone(stream: FinishedStream): void {
    this.#finished = stream;
    if (this.#pending === null || stream.aborted) this.host.streamDone(this, stream);
  }
}
