/**
 * @module stream/state
 * The stream state machine of RFC 9113 §5.1 as one data table, states × inputs.
 *
 * Theory of operation
 * -------------------
 * A stream is in one of the seven states of RFC 9113 §5.1. `CLOSED` is split in three because the RFC gives
 * frames received on a closed stream different fates depending on how it closed:
 *
 * - `CLOSED`: both sides sent END_STREAM. Further HEADERS/DATA are a connection error STREAM_CLOSED; WINDOW_UPDATE
 *   and RST_STREAM may still arrive "for a short period" and are ignored.
 * - `CLOSED_RESET_SENT`: we sent RST_STREAM. The endpoint "MUST ignore frames that it receives on closed streams
 *   after it has sent a RST_STREAM frame" (the connection still counts DATA against the connection window).
 * - `CLOSED_RESET_RECEIVED`: the peer sent RST_STREAM. Anything but PRIORITY is a stream error STREAM_CLOSED.
 *
 * Inputs are frames received (`RECV_*`) or sent (`SEND_*`). END_STREAM is its own input, applied right after the
 * HEADERS or DATA that carried it. Each cell is either the next state or a {@link StreamFault}: a connection error,
 * a stream error, a frame to ignore, or (for `SEND_*`) a local misuse. Connection-level rules that do not depend
 * on the state (stream 0, frame sizes, CONTINUATION sequencing, stream-id ordering, §8 message rules) live in
 * `connection/`, not here. This file holds data and one lookup function, nothing else.
 *
 * We are the server and never push, so the RESERVED_* rows are present for completeness but unreachable, and a
 * received PUSH_PROMISE is always a connection PROTOCOL_ERROR (§8.4).
 */
import { ErrorCode } from '../error-codes.js';

/** Stream states (RFC 9113 §5.1), with CLOSED refined by how the stream closed. */
export type StreamState =
  | 'IDLE'
  | 'RESERVED_LOCAL'
  | 'RESERVED_REMOTE'
  | 'OPEN'
  | 'HALF_CLOSED_LOCAL'
  | 'HALF_CLOSED_REMOTE'
  | 'CLOSED'
  | 'CLOSED_RESET_SENT'
  | 'CLOSED_RESET_RECEIVED';

/** Every state, in table order. */
export const STREAM_STATES: readonly StreamState[] = [
  'IDLE',
  'RESERVED_LOCAL',
  'RESERVED_REMOTE',
  'OPEN',
  'HALF_CLOSED_LOCAL',
  'HALF_CLOSED_REMOTE',
  'CLOSED',
  'CLOSED_RESET_SENT',
  'CLOSED_RESET_RECEIVED',
];

/** Inputs of the stream state machine. */
export type StreamInput =
  | 'RECV_HEADERS'
  | 'RECV_DATA'
  | 'RECV_END_STREAM'
  | 'RECV_PRIORITY'
  | 'RECV_RST_STREAM'
  | 'RECV_WINDOW_UPDATE'
  | 'RECV_PUSH_PROMISE'
  | 'SEND_HEADERS'
  | 'SEND_DATA'
  | 'SEND_END_STREAM'
  | 'SEND_PRIORITY'
  | 'SEND_RST_STREAM'
  | 'SEND_WINDOW_UPDATE'
  | 'SEND_PUSH_PROMISE';

/** Every input, in table order. */
export const STREAM_INPUTS: readonly StreamInput[] = [
  'RECV_HEADERS',
  'RECV_DATA',
  'RECV_END_STREAM',
  'RECV_PRIORITY',
  'RECV_RST_STREAM',
  'RECV_WINDOW_UPDATE',
  'RECV_PUSH_PROMISE',
  'SEND_HEADERS',
  'SEND_DATA',
  'SEND_END_STREAM',
  'SEND_PRIORITY',
  'SEND_RST_STREAM',
  'SEND_WINDOW_UPDATE',
  'SEND_PUSH_PROMISE',
];

/**
 * A cell that is not a next state. `fault` says what to do: `CONNECTION` (connection error) or `STREAM` (stream
 * error, RST_STREAM) with the error `code` to send (see {@link ErrorCode}), `IGNORE` (drop the frame) or `LOCAL`
 * (our own misuse of a `SEND_*` input). `rule` quotes or cites the RFC 9113 text that decides, for messages.
 */
export type StreamFault =
  | { readonly fault: 'CONNECTION' | 'STREAM'; readonly code: number; readonly rule: string }
  | { readonly fault: 'IGNORE' | 'LOCAL'; readonly rule: string };

/** One cell of the table. */
export type StreamTransition = StreamState | StreamFault;

const conn = (code: number, rule: string): StreamFault => ({ fault: 'CONNECTION', code, rule });
const stream = (code: number, rule: string): StreamFault => ({ fault: 'STREAM', code, rule });
const ignore = (rule: string): StreamFault => ({ fault: 'IGNORE', rule });
const local = (rule: string): StreamFault => ({ fault: 'LOCAL', rule });

// RFC 9113 §5.1 idle: "Receiving any frame other than HEADERS or PRIORITY on a stream in this state MUST be treated
// as a connection error of type PROTOCOL_ERROR."
const IDLE_RECV = conn(ErrorCode.PROTOCOL_ERROR, '§5.1 idle: only HEADERS or PRIORITY may be received');
// §5.1 reserved (local): "Receiving any type of frame other than RST_STREAM, PRIORITY, or WINDOW_UPDATE ... MUST be
// treated as a connection error of type PROTOCOL_ERROR."
const RL_RECV = conn(ErrorCode.PROTOCOL_ERROR, '§5.1 reserved (local): only RST_STREAM, PRIORITY, WINDOW_UPDATE');
// §5.1 reserved (remote): "Receiving any type of frame other than HEADERS, RST_STREAM, or PRIORITY ... MUST be
// treated as a connection error of type PROTOCOL_ERROR."
const RR_RECV = conn(ErrorCode.PROTOCOL_ERROR, '§5.1 reserved (remote): only HEADERS, RST_STREAM, PRIORITY');
// §5.1 half-closed (remote): "If an endpoint receives additional frames, other than WINDOW_UPDATE, PRIORITY, or
// RST_STREAM, for a stream that is in this state, it MUST respond with a stream error of type STREAM_CLOSED."
const HCR_RECV = stream(ErrorCode.STREAM_CLOSED, '§5.1 half-closed (remote): peer already ended the stream');
// §5.1 closed: "an endpoint that receives any frames after receiving a frame with the END_STREAM flag set MUST
// treat that as a connection error of type STREAM_CLOSED, unless the frame is permitted as described below."
const CLOSED_RECV = conn(ErrorCode.STREAM_CLOSED, '§5.1 closed: frame after END_STREAM');
// §5.1 closed: "WINDOW_UPDATE or RST_STREAM frames can be received in this state for a short period after a DATA or
// HEADERS frame containing an END_STREAM flag is sent".
const CLOSED_LATE = ignore('§5.1 closed: late WINDOW_UPDATE/RST_STREAM after END_STREAM');
// §5.1 closed: "An endpoint MUST ignore frames that it receives on closed streams after it has sent a RST_STREAM".
const RESET_SENT_RECV = ignore('§5.1 closed: frames after we sent RST_STREAM are ignored');
// §5.1 closed: "An endpoint that receives any frame other than PRIORITY after receiving a RST_STREAM MUST treat that
// as a stream error of type STREAM_CLOSED."
const RESET_RECV_RECV = stream(ErrorCode.STREAM_CLOSED, '§5.1 closed: frame after the peer reset the stream');
// §5.4.2: "an endpoint MUST NOT send a RST_STREAM in response to a RST_STREAM frame".
const RST_AFTER_RST = ignore('§5.4.2: RST_STREAM is never answered with RST_STREAM');
// §8.4: "A client cannot push. Thus, servers MUST treat the receipt of a PUSH_PROMISE frame as a connection error
// of type PROTOCOL_ERROR."
const PUSH = conn(ErrorCode.PROTOCOL_ERROR, '§8.4: a client cannot push');
// §5.1 closed: "An endpoint MUST NOT send frames other than PRIORITY on a closed stream."
const CLOSED_SEND = local('§5.1 closed: only PRIORITY may be sent');
const HCL_SEND = local('§5.1 half-closed (local): we already ended the stream');
const IDLE_SEND = local('§5.1 idle: only HEADERS, PUSH_PROMISE or PRIORITY may be sent');
const RESERVED_SEND = local('§5.1 reserved: frame not allowed');

/** The shape of {@link STREAM_TABLE}: a cell for every (state, input) pair. */
export type StreamTable = Readonly<Record<StreamState, Readonly<Record<StreamInput, StreamTransition>>>>;

/**
 * The stream state table (RFC 9113 §5.1, server role). Every (state, input) pair has a cell.
 */
export const STREAM_TABLE: StreamTable = {
  IDLE: {
    RECV_HEADERS: 'OPEN',
    RECV_DATA: IDLE_RECV,
    RECV_END_STREAM: IDLE_RECV,
    RECV_PRIORITY: 'IDLE',
    RECV_RST_STREAM: IDLE_RECV, // also §6.4
    RECV_WINDOW_UPDATE: IDLE_RECV,
    RECV_PUSH_PROMISE: PUSH,
    SEND_HEADERS: 'OPEN',
    SEND_DATA: IDLE_SEND,
    SEND_END_STREAM: IDLE_SEND,
    SEND_PRIORITY: 'IDLE',
    // §6.4 forbids RST_STREAM on idle streams; the one exception we make, as Go does, is the stream error for a
    // PRIORITY frame that makes an idle stream depend on itself (§5.3.1), which then closes it.
    SEND_RST_STREAM: 'CLOSED_RESET_SENT',
    SEND_WINDOW_UPDATE: IDLE_SEND,
    SEND_PUSH_PROMISE: 'RESERVED_LOCAL',
  },
  RESERVED_LOCAL: {
    RECV_HEADERS: RL_RECV,
    RECV_DATA: RL_RECV,
    RECV_END_STREAM: RL_RECV,
    RECV_PRIORITY: 'RESERVED_LOCAL',
    RECV_RST_STREAM: 'CLOSED_RESET_RECEIVED',
    RECV_WINDOW_UPDATE: 'RESERVED_LOCAL',
    RECV_PUSH_PROMISE: PUSH,
    SEND_HEADERS: 'HALF_CLOSED_REMOTE',
    SEND_DATA: RESERVED_SEND,
    SEND_END_STREAM: RESERVED_SEND,
    SEND_PRIORITY: 'RESERVED_LOCAL',
    SEND_RST_STREAM: 'CLOSED_RESET_SENT',
    SEND_WINDOW_UPDATE: RESERVED_SEND,
    SEND_PUSH_PROMISE: RESERVED_SEND,
  },
  RESERVED_REMOTE: {
    RECV_HEADERS: 'HALF_CLOSED_LOCAL',
    RECV_DATA: RR_RECV,
    RECV_END_STREAM: RR_RECV,
    RECV_PRIORITY: 'RESERVED_REMOTE',
    RECV_RST_STREAM: 'CLOSED_RESET_RECEIVED',
    RECV_WINDOW_UPDATE: RR_RECV,
    RECV_PUSH_PROMISE: PUSH,
    SEND_HEADERS: RESERVED_SEND,
    SEND_DATA: RESERVED_SEND,
    SEND_END_STREAM: RESERVED_SEND,
    SEND_PRIORITY: 'RESERVED_REMOTE',
    SEND_RST_STREAM: 'CLOSED_RESET_SENT',
    SEND_WINDOW_UPDATE: 'RESERVED_REMOTE',
    SEND_PUSH_PROMISE: RESERVED_SEND,
  },
  OPEN: {
    RECV_HEADERS: 'OPEN', // trailers; §8.1 requires END_STREAM on them (checked by the connection)
    RECV_DATA: 'OPEN',
    RECV_END_STREAM: 'HALF_CLOSED_REMOTE',
    RECV_PRIORITY: 'OPEN',
    RECV_RST_STREAM: 'CLOSED_RESET_RECEIVED',
    RECV_WINDOW_UPDATE: 'OPEN',
    RECV_PUSH_PROMISE: PUSH,
    SEND_HEADERS: 'OPEN',
    SEND_DATA: 'OPEN',
    SEND_END_STREAM: 'HALF_CLOSED_LOCAL',
    SEND_PRIORITY: 'OPEN',
    SEND_RST_STREAM: 'CLOSED_RESET_SENT',
    SEND_WINDOW_UPDATE: 'OPEN',
    SEND_PUSH_PROMISE: 'OPEN',
  },
  HALF_CLOSED_LOCAL: {
    RECV_HEADERS: 'HALF_CLOSED_LOCAL',
    RECV_DATA: 'HALF_CLOSED_LOCAL',
    RECV_END_STREAM: 'CLOSED',
    RECV_PRIORITY: 'HALF_CLOSED_LOCAL',
    RECV_RST_STREAM: 'CLOSED_RESET_RECEIVED',
    RECV_WINDOW_UPDATE: 'HALF_CLOSED_LOCAL',
    RECV_PUSH_PROMISE: PUSH,
    SEND_HEADERS: HCL_SEND,
    SEND_DATA: HCL_SEND,
    SEND_END_STREAM: HCL_SEND,
    SEND_PRIORITY: 'HALF_CLOSED_LOCAL',
    SEND_RST_STREAM: 'CLOSED_RESET_SENT',
    SEND_WINDOW_UPDATE: 'HALF_CLOSED_LOCAL',
    SEND_PUSH_PROMISE: HCL_SEND,
  },
  HALF_CLOSED_REMOTE: {
    RECV_HEADERS: HCR_RECV,
    RECV_DATA: HCR_RECV,
    RECV_END_STREAM: HCR_RECV,
    RECV_PRIORITY: 'HALF_CLOSED_REMOTE',
    RECV_RST_STREAM: 'CLOSED_RESET_RECEIVED',
    RECV_WINDOW_UPDATE: 'HALF_CLOSED_REMOTE',
    RECV_PUSH_PROMISE: PUSH,
    SEND_HEADERS: 'HALF_CLOSED_REMOTE',
    SEND_DATA: 'HALF_CLOSED_REMOTE',
    SEND_END_STREAM: 'CLOSED',
    SEND_PRIORITY: 'HALF_CLOSED_REMOTE',
    SEND_RST_STREAM: 'CLOSED_RESET_SENT',
    SEND_WINDOW_UPDATE: 'HALF_CLOSED_REMOTE',
    SEND_PUSH_PROMISE: 'HALF_CLOSED_REMOTE',
  },
  CLOSED: {
    RECV_HEADERS: CLOSED_RECV,
    RECV_DATA: CLOSED_RECV,
    RECV_END_STREAM: CLOSED_RECV,
    RECV_PRIORITY: 'CLOSED',
    RECV_RST_STREAM: CLOSED_LATE,
    RECV_WINDOW_UPDATE: CLOSED_LATE,
    RECV_PUSH_PROMISE: PUSH,
    SEND_HEADERS: CLOSED_SEND,
    SEND_DATA: CLOSED_SEND,
    SEND_END_STREAM: CLOSED_SEND,
    SEND_PRIORITY: 'CLOSED',
    SEND_RST_STREAM: CLOSED_SEND,
    SEND_WINDOW_UPDATE: CLOSED_SEND,
    SEND_PUSH_PROMISE: CLOSED_SEND,
  },
  CLOSED_RESET_SENT: {
    RECV_HEADERS: RESET_SENT_RECV,
    RECV_DATA: RESET_SENT_RECV,
    RECV_END_STREAM: RESET_SENT_RECV,
    RECV_PRIORITY: 'CLOSED_RESET_SENT',
    RECV_RST_STREAM: RESET_SENT_RECV,
    RECV_WINDOW_UPDATE: RESET_SENT_RECV,
    RECV_PUSH_PROMISE: PUSH,
    SEND_HEADERS: CLOSED_SEND,
    SEND_DATA: CLOSED_SEND,
    SEND_END_STREAM: CLOSED_SEND,
    SEND_PRIORITY: 'CLOSED_RESET_SENT',
    SEND_RST_STREAM: CLOSED_SEND,
    SEND_WINDOW_UPDATE: CLOSED_SEND,
    SEND_PUSH_PROMISE: CLOSED_SEND,
  },
  CLOSED_RESET_RECEIVED: {
    RECV_HEADERS: RESET_RECV_RECV,
    RECV_DATA: RESET_RECV_RECV,
    RECV_END_STREAM: RESET_RECV_RECV,
    RECV_PRIORITY: 'CLOSED_RESET_RECEIVED',
    RECV_RST_STREAM: RST_AFTER_RST,
    RECV_WINDOW_UPDATE: RESET_RECV_RECV,
    RECV_PUSH_PROMISE: PUSH,
    SEND_HEADERS: CLOSED_SEND,
    SEND_DATA: CLOSED_SEND,
    SEND_END_STREAM: CLOSED_SEND,
    SEND_PRIORITY: 'CLOSED_RESET_RECEIVED',
    SEND_RST_STREAM: CLOSED_SEND,
    SEND_WINDOW_UPDATE: CLOSED_SEND,
    SEND_PUSH_PROMISE: CLOSED_SEND,
  },
} as const satisfies StreamTable;

/** The table cell for `(state, input)`. */
export function transition(state: StreamState, input: StreamInput): StreamTransition {
  return STREAM_TABLE[state][input];
}

/** Whether `state` is one of the closed states. */
export function isClosed(state: StreamState): boolean {
  return state === 'CLOSED' || state === 'CLOSED_RESET_SENT' || state === 'CLOSED_RESET_RECEIVED';
}

/** Whether a stream in `state` counts against SETTINGS_MAX_CONCURRENT_STREAMS (open or half-closed, §5.1.2). */
export function isActive(state: StreamState): boolean {
  return state === 'OPEN' || state === 'HALF_CLOSED_LOCAL' || state === 'HALF_CLOSED_REMOTE';
}
