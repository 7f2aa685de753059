/**
 * @module connection/context
 * The mutable state of one server connection, shared by the frame handlers
 * (`on-*.ts`) and the send side (`outbound.ts`), with the few operations they all need: stream lookup and
 * closing, control frames, stream and connection errors, abuse counters.
 */
import { HpackDecoder, HpackEncoder } from '@tsgi/hpack';
import { ErrorCode } from '../error-codes.js';
import { H2ConnectionError, H2StreamError } from '../errors.js';
import type { H2Event } from '../events.js';
import { InboundWindow } from '../flow.js';
import { FrameReader } from '../frame/buffer.js';
import { RequestFields } from '../request-fields.js';
import { FieldMemo } from '../field-memo.js';
import { writeGoAway, writePing, writeRstStream, writeSettings, writeWindowUpdate } from '../frame/serialize.js';
import type { PriorityFields } from '../frame/types.js';
import type { H2Settings, PeerSettings } from '../settings.js';
import { DEFAULT_WINDOW_SIZE, initialPeerSettings, MAX_WINDOW_SIZE } from '../settings.js';
import { isClosed, transition, type StreamInput, type StreamState } from '../stream/state.js';
import type { H2Stream } from '../stream/stream.js';
import type { H2Limits } from './limits.js';
import { TokenBucket } from './limits.js';
import { OutboundQueue } from './outbound.js';

/** A field block being collected from HEADERS + CONTINUATION frames (RFC 9113 §4.3, §6.10). */
export interface PendingBlock {
  readonly streamId: number;
  readonly endStream: boolean;
  readonly priority: PriorityFields | null;
  readonly fragments: Uint8Array[];
  bytes: number;
  continuations: number;
}

/**
 * The collector of request heads, shared by every connection: a block is reset into it, decoded and finished within
 * one synchronous receiveData() call of one connection, so no two blocks ever use it at once, and nothing in it
 * outlives the block (the fields list it returns is the stream's own). One per connection was ~0.2 KiB of every
 * idle connection that had served a request.
 */
const REQUEST_FIELDS = new RequestFields();

/** Most closed-stream records forgotten at once (see `rememberClosed`). */
const EVICT_BATCH = 64;

/** The active set of every connection that has no stream open: never written (see `trackStream`). */
const NO_STREAMS: ReadonlyMap<number, H2Stream> = new Map();

/** `events` between receiveData() calls: one shared array instead of an empty one kept by every idle connection. */
export const NO_EVENTS: H2Event[] = [];

/** All the state of one connection. Internal to the package. */
export class ConnectionContext {
  readonly settings: H2Settings;
  readonly limits: H2Limits;
  readonly peer: PeerSettings = initialPeerSettings();
  readonly reader: FrameReader;
  readonly out: OutboundQueue = new OutboundQueue();
  readonly encoder: HpackEncoder = new HpackEncoder();
  readonly decoder: HpackDecoder;
  /**
   * Open and half-closed streams: exactly those counting against maxConcurrentStreams. The shared empty
   * {@link NO_STREAMS} while there is none (a Map and its table were ~0.2 KiB of every idle connection): add with
   * {@link trackStream}, never with `set`.
   */
  streams: ReadonlyMap<number, H2Stream> = NO_STREAMS;
  /**
   * Recently closed streams and how they closed (bounded, oldest evicted first), once more than one is remembered.
   * The first one is kept in {@link #soleClosedId} / {@link #soleClosedState} instead: a connection that served one
   * request and went idle then holds no Map and table (~0.2 KiB).
   */
  #closedStreams: Map<number, StreamState> | null = null;
  /** The only closed stream remembered while {@link #closedStreams} is not made yet (-1: none). */
  #soleClosedId = -1;
  #soleClosedState: StreamState = 'CLOSED';
  /**
   * Closed streams whose content the application has not acknowledged yet: id -> octets. Made on first use (a
   * Map and its table were ~0.2 KiB of every idle connection, and most connections never need it).
   */
  pendingCredit: Map<number, number> | null = null;
  /** The peer's connection window: octets of DATA we may still send. */
  sendWindow: number = DEFAULT_WINDOW_SIZE;
  /** Our connection receive window. */
  readonly recvWindow: InboundWindow = new InboundWindow(DEFAULT_WINDOW_SIZE);
  /** Receive window new streams start with: our setting once acknowledged, before that the larger of it and 65535. */
  recvInitialWindow: number;
  /** Highest client stream id seen in a HEADERS frame (§5.1.1: ids only grow). */
  highestStreamId = 0;
  /** Highest stream id accepted for processing: the GOAWAY last-stream-id. */
  lastProcessedStreamId = 0;
  /** Our SETTINGS frames not yet acknowledged. */
  unackedSettings = 0;
  /** The peer's first frame must be SETTINGS (§3.4). */
  sawPeerSettings = false;
  headerBlock: PendingBlock | null = null;
  goAwaySent = false;
  goAwayLastStreamId: number = MAX_WINDOW_SIZE;
  goAwayReceived = false;
  /** After a connection error (ours or a GOAWAY with an error code): nothing more is processed. */
  terminated = false;
  /** Events of the current receiveData() call; between calls the shared {@link NO_EVENTS}, never written. */
  events: H2Event[] = NO_EVENTS;
  /** The caller's clock, from receiveData(bytes, nowMs). */
  now = 0;
  rejectedStreams = 0;
  // The rate-limit buckets are made on first use: most connections never see a reset, a PING or an empty DATA
  // frame, and five buckets were ~0.3 KiB of every idle connection. A new bucket starts full, as these did.
  #receivedFields: FieldMemo | null = null;
  #sentFields: FieldMemo | null = null;
  /** Whether a field block was sent already (see {@link sentFields}). */
  #sentFieldBlock = false;
  #peerResets: TokenBucket | null = null;
  #serverResets: TokenBucket | null = null;
  #settingsFlood: TokenBucket | null = null;
  #pingFlood: TokenBucket | null = null;
  #emptyDataFlood: TokenBucket | null = null;

  /** RST_STREAM frames from the peer (rapid reset). */
  get peerResets(): TokenBucket {
    return (this.#peerResets ??= new TokenBucket(this.limits.maxResetsPerWindow, this.limits.resetWindowMs));
  }

  /** Streams we reset because of the peer. */
  get serverResets(): TokenBucket {
    return (this.#serverResets ??= new TokenBucket(this.limits.maxServerResetsPerWindow, this.limits.resetWindowMs));
  }

  /** SETTINGS frames from the peer. */
  get settingsFlood(): TokenBucket {
    return (this.#settingsFlood ??= new TokenBucket(this.limits.maxSettingsPerWindow, this.limits.floodWindowMs));
  }

  /** PING frames from the peer. */
  get pingFlood(): TokenBucket {
    return (this.#pingFlood ??= new TokenBucket(this.limits.maxPingsPerWindow, this.limits.floodWindowMs));
  }

  /** Empty DATA frames without END_STREAM from the peer. */
  get emptyDataFlood(): TokenBucket {
    return (this.#emptyDataFlood ??= new TokenBucket(this.limits.maxEmptyDataFramesPerWindow, this.limits.floodWindowMs));
  }

  /** @param settings what we advertise; @param limits DoS limits (both already validated). */
  constructor(settings: H2Settings, limits: H2Limits) {
    this.settings = settings;
    this.limits = limits;
    this.reader = new FrameReader(settings.maxFrameSize);
    this.recvInitialWindow = Math.max(DEFAULT_WINDOW_SIZE, settings.initialWindowSize);
    this.decoder = new HpackDecoder({
      maxTableSize: Math.max(4096, settings.headerTableSize),
      // Twice the advertised list size is still decoded (keeping HPACK state, answered 431, RFC 9113 §10.5.1);
      // beyond that the decoder gives up and the connection fails with COMPRESSION_ERROR.
      maxHeaderListSize: Math.min(2 * settings.maxHeaderListSize, MAX_WINDOW_SIZE),
    });
  }

  /** The collector of request heads: {@link REQUEST_FIELDS}, shared by every connection. */
  get requestFields(): RequestFields {
    return REQUEST_FIELDS;
  }

  /**
   * Request fields that passed the §8.2 checks lately (see {@link FieldMemo}), for the block about to be decoded:
   * `undefined` for the connection's first block (its memo would start empty: it only pays from the second block
   * on, and a connection that serves one request and idles keeps none, ~0.2 KiB), made at the second.
   */
  get receivedFields(): FieldMemo | undefined {
    return this.#receivedFields ?? (this.highestStreamId === 0 ? undefined : (this.#receivedFields = new FieldMemo()));
  }

  /**
   * Response fields that passed the §8.2 checks lately (see {@link FieldMemo}), made at the second field block sent
   * for the same reason; `undefined` for the first. Memos are per connection, not shared: a memo hit skips a scan,
   * and one client must not be able to time whether another one sent a given value.
   */
  get sentFields(): FieldMemo | undefined {
    if (this.#sentFields !== null) return this.#sentFields;
    if (!this.#sentFieldBlock) {
      this.#sentFieldBlock = true;
      return undefined;
    }
    return (this.#sentFields = new FieldMemo());
  }

  /** Adds an event to the current receiveData() result. */
  emit(event: H2Event): void {
    // Outside receiveData() there is no caller to return it to (such events were always dropped).
    if (this.events !== NO_EVENTS) this.events.push(event);
  }

  /**
   * The state of stream `id`: tracked, remembered as closed, `'IDLE'` when never used (above the highest id, or a
   * server-initiated even id, which we never open), or `null` for an old id that is closed but forgotten (or was
   * skipped and so implicitly closed, §5.1.1).
   */
  stateOf(id: number): StreamState | null {
    const s = this.streams.get(id);
    if (s !== undefined) return s.state;
    if (id === this.#soleClosedId) return this.#soleClosedState;
    const closed = this.#closedStreams?.get(id);
    if (closed !== undefined) return closed;
    return id > this.highestStreamId || id % 2 === 0 ? 'IDLE' : null;
  }

  /** Adds a stream to the active set. */
  trackStream(stream: H2Stream): void {
    if (this.streams === NO_STREAMS) this.streams = new Map();
    (this.streams as Map<number, H2Stream>).set(stream.id, stream);
  }

  /** Moves a stream that reached a closed state out of the active set, settling its flow-control credit. */
  closeStream(stream: H2Stream): void {
    if (!isClosed(stream.state)) return;
    const streams = this.streams as Map<number, H2Stream>;
    if (streams.delete(stream.id) && streams.size === 0) this.streams = NO_STREAMS;
    this.rememberClosed(stream.id, stream.state);
    const unacked = stream.recv.unacked;
    if (unacked === 0) return;
    stream.recv.unacked = 0;
    // A reset stream's content will never be consumed: credit the connection now so the window cannot leak.
    if (stream.state === 'CLOSED') (this.pendingCredit ??= new Map()).set(stream.id, unacked);
    else this.creditConnection(unacked);
  }

  /**
   * Records `id` as closed in `state`. Past the limit, the oldest records are forgotten a batch at a time (a
   * sixteenth of the limit, at most 64), so never more than the limit are remembered. One key iterator per closed
   * stream was 7% of the h2c hello profile: a Map's iterator skips the deleted slots at the front of its table,
   * which eviction from the front keeps filling.
   */
  rememberClosed(id: number, state: StreamState): void {
    const max = this.limits.maxClosedStreamsRemembered;
    if (max === 0) return;
    let closed = this.#closedStreams;
    if (closed === null) {
      if (this.#soleClosedId === -1 || this.#soleClosedId === id) {
        this.#soleClosedId = id;
        this.#soleClosedState = state;
        return;
      }
      // A second one: from now on all are in the Map, the sole one first (it is the oldest).
      closed = this.#closedStreams = new Map([[this.#soleClosedId, this.#soleClosedState]]);
      this.#soleClosedId = -1;
    }
    closed.delete(id);
    closed.set(id, state);
    if (closed.size <= max) return;
    const keep = max - Math.min(EVICT_BATCH, max >> 4);
    for (const oldest of closed.keys()) {
      if (closed.size <= keep) break;
      closed.delete(oldest);
    }
  }

  /** Gives `n` octets of connection-window credit back (coalesced: WINDOW_UPDATE once half a window is owed). */
  creditConnection(n: number): void {
    const increment = this.recvWindow.acknowledge(n);
    if (increment > 0) this.sendWindowUpdate(0, increment);
  }

  /** Gives `n` octets of `stream` credit back; WINDOW_UPDATE only while the peer may still send on it. */
  creditStream(stream: H2Stream, n: number): void {
    const increment = stream.recv.acknowledge(n);
    if (increment > 0 && (stream.state === 'OPEN' || stream.state === 'HALF_CLOSED_LOCAL')) {
      this.sendWindowUpdate(stream.id, increment);
    }
  }

  /** Queues a control frame and counts it against the queued-control-frame limits. */
  #control(before: number): void {
    this.out.countControl(this.out.queuedBytes - before);
  }

  /** Queues our SETTINGS (or an ACK with no parameters). */
  sendSettings(params: ReadonlyArray<readonly [number, number]>, ack: boolean): void {
    const before = this.out.queuedBytes;
    writeSettings(this.out, params, ack);
    this.#control(before);
  }

  /** Queues a PING ACK echoing `opaque` (§6.7). */
  sendPingAck(opaque: Uint8Array): void {
    const before = this.out.queuedBytes;
    writePing(this.out, opaque, true);
    this.#control(before);
  }

  /** Queues WINDOW_UPDATE. */
  sendWindowUpdate(streamId: number, increment: number): void {
    const before = this.out.queuedBytes;
    writeWindowUpdate(this.out, streamId, increment);
    this.#control(before);
  }

  /** Queues RST_STREAM. */
  sendRstStream(streamId: number, errorCode: number): void {
    const before = this.out.queuedBytes;
    writeRstStream(this.out, streamId, errorCode);
    this.#control(before);
  }

  /** Queues GOAWAY with our last processed stream id (§6.8); `debug` is sent as latin1, at most 256 octets. */
  sendGoAway(errorCode: number, debug: string): void {
    const text = debug.slice(0, 256);
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
    if (!this.goAwaySent) this.goAwayLastStreamId = this.lastProcessedStreamId;
    this.goAwaySent = true;
    writeGoAway(this.out, this.goAwayLastStreamId, errorCode, bytes);
  }

  /**
   * Handles a stream error (§5.4.2): RST_STREAM queued, the stream closed (or remembered as reset), a
   * 'stream-error' event. Resets the peer provokes are rate-limited (MadeYouReset, CVE-2025-8671): past the
   * bucket, throws a connection error ENHANCE_YOUR_CALM.
   */
  streamError(e: H2StreamError, counted = true): void {
    this.resetStream(e.streamId, e.errorCode);
    this.emit({ type: 'stream-error', streamId: e.streamId, errorCode: e.errorCode, message: e.message });
    if (counted && !this.serverResets.take(this.now)) {
      throw new H2ConnectionError(ErrorCode.ENHANCE_YOUR_CALM, 'too many stream errors provoked by the peer');
    }
  }

  /** Queues RST_STREAM for `id` and marks it CLOSED_RESET_SENT (§5.1), whatever its state was. */
  resetStream(id: number, errorCode: number): void {
    this.sendRstStream(id, errorCode);
    const stream = this.streams.get(id);
    if (stream !== undefined) {
      stream.apply('SEND_RST_STREAM');
      this.closeStream(stream);
    } else {
      this.rememberClosed(id, 'CLOSED_RESET_SENT');
    }
  }

  /** Handles a connection error (§5.4.1): GOAWAY queued, everything stops, a 'connection-error' event. */
  connectionError(e: H2ConnectionError): void {
    if (this.terminated) return;
    this.sendGoAway(e.errorCode, e.message);
    this.terminate();
    this.emit({ type: 'connection-error', errorCode: e.errorCode, message: e.message });
  }

  /** Stops all processing: no more frames are read and no stream remains. */
  terminate(): void {
    this.terminated = true;
    this.headerBlock = null;
    (this.streams as Map<number, H2Stream>).clear(); // (a no-op on the shared empty one) ends any caller's iteration
    this.streams = NO_STREAMS;
  }
}

/**
 * Acts on the stream table's cell for `(state, input)` when it is not a next state: throws the connection or stream
 * error it names, or returns for a frame to ignore. Used for frames on streams that are not tracked (idle or closed)
 * and for table faults on tracked ones.
 */
export function applyFault(cx: ConnectionContext, id: number, state: StreamState, input: StreamInput): void {
  const cell = transition(state, input);
  if (typeof cell === 'string') return;
  const what = `${input} on stream ${id} (${state}): ${cell.rule}`;
  switch (cell.fault) {
    case 'CONNECTION':
      throw new H2ConnectionError(cell.code, what);
    case 'STREAM':
      throw new H2StreamError(id, cell.code, what);
    case 'IGNORE':
      return;
    case 'LOCAL':
      throw new Error(`unreachable: ${what}`);
  }
}
